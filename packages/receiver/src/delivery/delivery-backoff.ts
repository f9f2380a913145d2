/**
 * The pause after a failure: exponential backoff with jitter, never shorter than a `Retry-After`,
 * measured on the receiver's clock (monotonic: a step of the wall clock neither stalls nor hurries
 * it). One failure pauses every request of the deliverer; a success ends the pause.
 */
import { retryDelay } from '@fingerprint-segment/source-function/internal'
import type { Clock } from '../lib/clock'

export interface BackoffOptions {
  readonly clock: Clock
  /** The first wait after a failure, and the longest. */
  readonly retry: { readonly baseMs: number; readonly maxMs: number }
  /** For the jitter. @default Math.random */
  readonly random?: () => number
}

/** What the backoff is doing, for `/health`. */
export interface BackoffState {
  /** Failures in a row; 0 once a try succeeded. */
  readonly consecutiveFailures: number
  /** Why the last try failed, while failures go on. */
  readonly lastFailure: string | undefined
  /** When the next try is due while paused, on the receiver's clock (epoch ms). */
  readonly retryAt: number | undefined
}

export interface Backoff {
  /** Records a failure and pauses; returns the wait it chose. */
  fail(reason: string, retryAfterMs?: number): number
  /** Records a success and ends the pause; returns how many failures in a row it ended. */
  succeed(): number
  /** Milliseconds left of the pause; 0 when not paused. */
  pausedFor(): number
  readonly state: BackoffState
}

export function createBackoff(options: BackoffOptions): Backoff {
  const { clock } = options
  const retry = { ...options.retry, ...(options.random === undefined ? {} : { random: options.random }) }
  let consecutiveFailures = 0
  let lastFailure: string | undefined
  let pausedUntil = 0
  return {
    fail(reason, retryAfterMs) {
      consecutiveFailures++
      lastFailure = reason
      const waitMs = retryDelay(consecutiveFailures, retry, retryAfterMs)
      pausedUntil = Math.max(pausedUntil, clock.now() + waitMs)
      return waitMs
    },
    succeed() {
      const ended = consecutiveFailures
      consecutiveFailures = 0
      lastFailure = undefined
      pausedUntil = 0
      return ended
    },
    pausedFor() {
      return Math.max(0, pausedUntil - clock.now())
    },
    get state() {
      return {
        consecutiveFailures,
        lastFailure,
        retryAt: consecutiveFailures > 0 ? pausedUntil : undefined,
      }
    },
  }
}
