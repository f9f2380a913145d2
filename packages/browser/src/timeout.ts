/** What `waitAtMost` returns when the time ran out first. */
export const TIMED_OUT: unique symbol = Symbol()

/**
 * Waits for `promise` at most `ms` milliseconds. Resolves to its value, or to `TIMED_OUT` when the
 * time runs out first (`ms <= 0` checks only whether it has already settled). A rejection is passed
 * on. The timer is always cleared, so nothing is left pending.
 */
export function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined
  // A negative delay runs as 0.
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, ms, TIMED_OUT)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The error reported when `what` did not answer within `ms` milliseconds. */
export const timeoutError = (what: string, ms: number): Error =>
  new Error(`[fingerprint-segment] ${what} did not answer within ${ms} ms`)
