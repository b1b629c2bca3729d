/**
 * Keeps webhooks out of the server's own network (SSRF): unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true, a webhook may
 * not post to loopback, private, link-local (cloud metadata at 169.254.169.254), shared or reserved addresses.
 *
 * Checked twice: a literal address or `localhost` is refused when the webhook is saved, and every connection checks
 * the addresses its host name resolves to at that moment, so a name that later resolves inwards (DNS rebinding) is
 * refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const inward = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  inward.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are checked against the IPv4 rules by BlockList itself.
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  inward.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (a literal IP) points into a private, loopback, link-local or reserved network. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return inward.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a webhook address without IPv6 brackets or a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** The host when a webhook address names a private network outright (a literal address or localhost); else null. */
export function privateHostOf(rawUrl: string): string | null {
  let host: string;
  try {
    host = hostOf(new URL(rawUrl));
  } catch {
    return null;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  return isPrivateAddress(host) ? host : null;
}

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
}

/** A DNS lookup for outgoing connections that refuses a name resolving to any private address. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside || addresses.length === 0) {
      const refusal = new PrivateAddressError(
        inside
          ? `${hostname} resolves to ${inside.address}, a private or loopback address; refused (WEBHOOKS_ALLOW_PRIVATE_NETWORKS is off)`
          : `${hostname} resolves to no address`,
      );
      return callback(refusal, '', 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
