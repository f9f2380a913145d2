/**
 * When a Public API request is tried again, and after how long. Pure: the client passes what it saw.
 *
 * Segment documents 429 for rate limiting ("Rate Limits": the answer's `errors[].data.msBeforeNext`
 * and the `X-RateLimit-Reset` header say when the window ends; a `Retry-After` header is honoured
 * too). A 5xx or a lost connection is retried only for requests that can be sent twice without
 * harm: a creation (`POST /functions`) that failed that way may have happened, so it is not sent
 * again; the next run finds the function by its name.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  readonly maxAttempts: number
  /** The first wait after a 5xx or a lost connection; it doubles after each failure. @default 1000 */
  readonly baseDelayMs: number
  /** The longest such wait. @default 8000 */
  readonly maxDelayMs: number
  /**
   * The longest wait Segment may ask for (429) that the command sits through; a longer one ends the
   * run with Segment's wait in the message.
   * @default 60000
   */
  readonly maxRequestedWaitMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRequestedWaitMs: 60_000,
}

/** What one failed attempt came to. */
export interface FailedAttempt {
  /** Attempts made so far, this one included (1 after the first). */
  readonly attempts: number
  /** The status answered; `undefined` when no answer came (connection refused or lost, time-out). */
  readonly status: number | undefined
  /** The wait Segment asked for (429, or a 503 with Retry-After), in ms, when it said. */
  readonly requestedWaitMs: number | undefined
  /** Whether the request can be sent twice without harm. */
  readonly repeatable: boolean
}

export type RetryDecision =
  { readonly retry: true; readonly waitMs: number } | { readonly retry: false; readonly why: string | undefined }

/** Answers worth another attempt: rate limiting and Segment's own failures. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500
}

export function retryDecision(attempt: FailedAttempt, policy: RetryPolicy = defaultRetryPolicy): RetryDecision {
  if (!isRetryableStatus(attempt.status)) return { retry: false, why: undefined }
  // A 429 means the request was not handled, so even a creation can be sent again.
  if (attempt.status !== 429 && !attempt.repeatable) {
    return {
      retry: false,
      why: 'not retried: Segment may have handled it before failing, and sending it again could create a second function',
    }
  }
  if (attempt.attempts >= policy.maxAttempts) return { retry: false, why: `gave up after ${attempt.attempts} attempts` }
  const requested = attempt.requestedWaitMs
  if (requested !== undefined && requested > policy.maxRequestedWaitMs) {
    return { retry: false, why: `Segment asks to wait ${Math.ceil(requested / 1000)} s before the next request` }
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt.attempts - 1))
  return { retry: true, waitMs: requested ?? backoff }
}
