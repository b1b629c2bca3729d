/**
 * Runs `work` once the browser has painted the next frame, so what an input changed shows before heavier work starts
 * (the way to keep an interaction within a frame). A hidden tab paints no frames: then it runs after 100 ms anyway.
 */
export function afterNextPaint(work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    work();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100);
}
