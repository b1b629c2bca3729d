/** Phone or desk: the phone views serve screens up to 767 px wide (reps in the field use 360–430 px). */
export const phoneMaxWidth = 767;

export function isPhoneScreen(): boolean {
  return window.matchMedia(`(max-width: ${phoneMaxWidth}px)`).matches;
}

/** Turns an in-app link from the server (desktop paths such as /leads/ID) into the phone route when on a phone. */
export function phoneLink(link: string): string {
  return link.startsWith('/m/') || link === '/m' ? link : `/m${link}`;
}
