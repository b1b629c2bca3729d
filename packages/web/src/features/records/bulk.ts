/**
 * A bulk action is one request per record, a few at a time, so each record succeeds or fails on its own (its own
 * version check, its own access check) and a failure is reported against the record it belongs to — never skipped.
 * A cancelled run reports the records it did not reach as not done.
 */
export interface BulkFailure<T> {
  item: T;
  error: unknown;
}

export interface BulkResult<T> {
  succeeded: T[];
  failed: Array<BulkFailure<T>>;
  /** Not attempted because the run was cancelled. */
  notRun: T[];
}

export async function runBulk<T>(
  items: readonly T[],
  action: (item: T) => Promise<unknown>,
  options: { concurrency?: number; onProgress?: (finished: number, total: number) => void; cancelled?: () => boolean } = {},
): Promise<BulkResult<T>> {
  const result: BulkResult<T> = { succeeded: [], failed: [], notRun: [] };
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      if (options.cancelled?.()) {
        result.notRun.push(item);
        continue;
      }
      try {
        await action(item);
        result.succeeded.push(item);
      } catch (error) {
        result.failed.push({ item, error });
      }
      finished += 1;
      options.onProgress?.(finished, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, items.length) }, worker));
  // Report in the order the person selected, whatever order the requests finished in.
  const order = new Map(items.map((item, index) => [item, index]));
  result.succeeded.sort((a, b) => order.get(a)! - order.get(b)!);
  result.failed.sort((a, b) => order.get(a.item)! - order.get(b.item)!);
  result.notRun.sort((a, b) => order.get(a)! - order.get(b)!);
  return result;
}
