/**
 * The webhook's deadline: from its arrival, `answerTimeoutMs` to read the body, run the pipeline
 * and commit the calls. A store slower than that is answered 503 (Fingerprint retries), while the
 * commit it started may still finish: the retry then finds its calls stored (duplicates).
 */
import type { Clock, Scheduler } from '../lib/clock'
import { StoreUnavailableError } from '../store/store-errors'

/**
 * `work`, or a StoreUnavailableError saying the store did not `what` in time once `deadline` (on
 * `clock`) passes first.
 */
export async function withinDeadline<Result>(
  work: Promise<Result>,
  deadline: number,
  time: { readonly clock: Clock; readonly scheduler: Scheduler },
  what: string,
  budgetMs: number,
): Promise<Result> {
  let task: { cancel(): void } | undefined
  const late = new Promise<never>((_resolve, reject) => {
    task = time.scheduler.schedule(deadline - time.clock.now(), () => {
      reject(new StoreUnavailableError(`the store did not ${what} within ${budgetMs} ms`))
    })
  })
  try {
    return await Promise.race([work, late])
  } finally {
    task?.cancel()
  }
}
