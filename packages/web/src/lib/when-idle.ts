/**
 * Runs work that the first screen does not need (the live stream, the service worker, clearing start-up leftovers)
 * once the page has loaded and the browser is idle, so it does not compete with that screen for the network and the
 * main thread. Returns a cancel.
 */
export function whenIdle(work: () => void, timeoutMs = 2_000): () => void {
  let cancelled = false;
  let idle: number | undefined;
  const schedule = () => {
    if (cancelled) return;
    // Safari has no requestIdleCallback: a short timer after load stands in for it.
    idle = typeof window.requestIdleCallback === 'function'
      ? window.requestIdleCallback(() => !cancelled && work(), { timeout: timeoutMs })
      : window.setTimeout(() => !cancelled && work(), 200);
  };
  if (document.readyState === 'complete') schedule();
  else window.addEventListener('load', schedule, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener('load', schedule);
    if (idle === undefined) return;
    if (typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(idle);
    else window.clearTimeout(idle);
  };
}
