/**
 * A password an admin hands to someone who will change it: long enough for the server's rule (10+), free of
 * look-alike characters so it can be read out over the phone, drawn from the browser's secure random source.
 */
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 16): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  // Groups of four read more easily: "k7Mq-3xPa-..." (hyphens count towards the length rule, and are allowed).
  return out.join('').replace(/(.{4})(?=.)/g, '$1-');
}
