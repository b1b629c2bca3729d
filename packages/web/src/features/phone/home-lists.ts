/**
 * The two lists the phone home opens with. index.html's early script asks for them before the app's code arrives
 * (boot/early.ts, built from this spec), so the page and that script read the same queries.
 */
export function homeLists(userId: string) {
  return {
    // My open leads, quietest first: the ones to call today. Closed (won or lost) leads need no follow-up: the
    // server leaves them out, however many have gone quiet.
    followUp: { path: '/leads', query: { ownerId: userId, open: 'true', sort: 'lastActivityAt:asc' }, limit: 5 },
    recent: { path: '/activities', query: { ownerId: userId, sort: 'occurredAt:desc' }, limit: 5 },
  } as const;
}
