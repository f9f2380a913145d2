import type { Reporter } from './report-once'

/**
 * Waits for `promise` at most `ms` milliseconds. Resolves to its value, or to `undefined` when the
 * time runs out first (`ms <= 0` checks only whether it has already settled), after reporting that
 * `what` did not answer in time as a `'timeout'`. A rejection is passed on. The timer is always
 * cleared, so nothing is left pending.
 */
export function waitAtMost<T>(promise: Promise<T>, ms: number, what: string, report: Reporter): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<undefined>(
      (resolve) =>
        // A negative delay runs as 0.
        (timer = setTimeout(() => {
          // `Error(...)` is `new Error(...)`, in fewer bytes.
          report(Error(`[fingerprint-segment] ${what} did not answer within ${ms} ms`), 'timeout')
          ;(resolve as () => void)()
        }, ms)),
    ),
  ]).finally(() => clearTimeout(timer))
}
