// N at a time: the batch grader keeps `jobs` submissions in flight, each finishing on its own.

/**
 * Runs `fn` on every item with at most `jobs` running at once; results in the items' order.
 * `fn` must not throw for one item's trouble (a rejection stops the pool and is rethrown).
 * Example: `await mapPool(files, 2, (f) => grade(f))`.
 */
export async function mapPool<T, R>(items: readonly T[], jobs: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`jobs must be a whole number ≥ 1, got ${jobs}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}
