/** How long to wait before trying the tracking API again. */

/** Longest wait a `Retry-After` header is obeyed for; a larger value (or a date far ahead) is capped. */
export const maxRetryAfterMs = 15 * 60_000

/**
 * The wait asked by a `Retry-After` header: delay-seconds (`120`) or an HTTP date, capped at
 * `maxRetryAfterMs`; `undefined` when there is none or it cannot be read.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim() ?? ''
  if (value === '') return undefined
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, maxRetryAfterMs)
  // An HTTP date names its day and month (`Sat, 21 Nov 2026 12:00:30 GMT`); `-5` or `1.5` is no date.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(date)) return undefined
  return Math.min(Math.max(0, date - now), maxRetryAfterMs)
}

export interface RetryDelayOptions {
  /** The first wait. */
  readonly baseMs: number
  /** The longest wait, however many failures in a row. */
  readonly maxMs: number
  /** Uniform in [0, 1). @default Math.random */
  readonly random?: () => number
}

/**
 * Exponential backoff with jitter after `failures` failures in a row (1 for the first): between half
 * and all of `baseMs * 2^(failures - 1)`, capped at `maxMs`, so receivers that failed together do
 * not come back together. A `Retry-After` wait is a floor: never retried sooner than asked.
 */
export function retryDelay(failures: number, options: RetryDelayOptions, retryAfterMs?: number): number {
  const random = options.random ?? Math.random
  const exponent = Math.min(Math.max(0, failures - 1), 30)
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent)
  const jittered = Math.round(ceiling * (0.5 + random() / 2))
  return Math.max(jittered, retryAfterMs ?? 0)
}
