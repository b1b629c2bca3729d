/** Phone or desk: the phone views serve screens up to 767 px wide (reps in the field use 360–430 px). */
import type { Role } from '@closeloop/core';

export const phoneMaxWidth = 767;

export function isPhoneScreen(): boolean {
  return window.matchMedia(`(max-width: ${phoneMaxWidth}px)`).matches;
}

/** Turns an in-app link from the server (desktop paths such as /leads/ID) into the phone route when on a phone. */
export function phoneLink(link: string): string {
  return link.startsWith('/m/') || link === '/m' ? link : `/m${link}`;
}

/** Where the desk view starts for a role: the start page on a desk, and the phone's "desktop view" link. */
export function desktopStart(role: Role): string {
  return role === 'rep' ? '/leads' : role === 'admin' ? '/admin/users' : '/dashboard';
}
