/**
 * How many file jobs (a read and hash, a write and rename) the package system keeps in flight.
 * One at a time leaves the process waiting on the disk most of the time; past about 16 the gain
 * is nil and the open file descriptors add up.
 */
export const FILE_JOBS = 16

/**
 * Runs `job` on every item, at most `limit` at a time, and resolves with the results in the
 * items' order (not the order the jobs finish in). When a job fails, no further job starts; the
 * ones already running are waited for and then the first failure is thrown, so nothing is still
 * touching the disk once this settles.
 *
 * @example
 * const texts = await mapPool(paths, FILE_JOBS, (path) => readFile(path, 'utf8'))
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        results[index] = await job(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker))
  if (failure) throw failure.error
  return results
}
