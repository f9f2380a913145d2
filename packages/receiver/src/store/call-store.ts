/**
 * The receiver's durable queue of Segment calls, one interface for every engine (SQLite, PostgreSQL):
 * a webhook's calls are committed here before the webhook is answered, and the deliverer takes them
 * from here until the tracking API accepted them, or a call is shown to be undeliverable (a dead
 * letter), or it is older than the retention.
 */

/** One call to store: what identifies it and the exact JSON the tracking API will receive. */
export interface CallToStore {
  /** The call's deterministic messageId: a call stored twice (a retried webhook) is kept once. */
  readonly messageId: string
  /** The Fingerprint event the call was made from (v4 `event_id`, v3 `requestId`). */
  readonly eventId: string
  /** The call as one element of a batch: `{"type":"identify",...}`, UTF-8 JSON. */
  readonly json: string
}

/** A call in the store. */
export interface StoredCall extends CallToStore {
  /** The store's own order of arrival; calls are delivered oldest first. */
  readonly seq: number
  /** When it was committed, epoch milliseconds. */
  readonly storedAt: number
  /** Claims of it that did not deliver it so far (tries refused or failed, or put off by a pause). */
  readonly attempts: number
}

/** What a commit of calls did. */
export interface EnqueueResult {
  /** Calls newly stored. */
  readonly stored: number
  /** Calls already in the store (the same messageId, stored by an earlier copy of the webhook). */
  readonly duplicates: number
}

/** How a claim ended, written in one commit by `ClaimedCalls.settle`. */
export interface ClaimOutcome {
  /** Calls the tracking API accepted (by `seq`): never sent again. */
  readonly delivered: readonly number[]
  /** Calls shown to be undeliverable (by `seq`), moved to the dead letters with the reason. */
  readonly dead: readonly { readonly seq: number; readonly reason: string }[]
  /** Why the other claimed calls were not delivered; they go back to the queue with one attempt more. */
  readonly failure?: string
}

/**
 * Calls taken from the queue by one deliverer. Until settled no other claim gets them; a claim whose
 * process dies is released by the store (PostgreSQL: the transaction holding the rows ends with the
 * connection; SQLite: claims live in the one process that owns the file).
 */
export interface ClaimedCalls {
  /** Oldest first; empty when nothing was waiting. */
  readonly calls: readonly StoredCall[]
  /** Writes the outcome and releases the claim. Calls in neither list go back to the queue. */
  settle(outcome: ClaimOutcome): Promise<void>
}

/** A call that will not be delivered, kept for the operator. */
export interface DeadLetter {
  readonly messageId: string
  readonly eventId: string
  /** The call type (`identify`, `track`, ...), read from its JSON. */
  readonly type: string
  readonly reason: string
  readonly storedAt: number
  /** When it was moved to the dead letters, epoch milliseconds. */
  readonly failedAt: number
  readonly attempts: number
}

/** The queue at a glance: what `/health` and `fingerprint-segment status` report. */
export interface QueueStats {
  /** Calls stored and not delivered yet. */
  readonly queued: number
  /** Age of the oldest of them, whole seconds; 0 when none is waiting. */
  readonly oldestQueuedAgeSeconds: number
  /** Calls in the dead letters. */
  readonly deadLetters: number
}

/** What `expire` removed. */
export interface ExpiryResult {
  /** Undelivered calls older than the retention, moved to the dead letters. */
  readonly expired: number
  /** Delivered calls and dead letters older than the retention, deleted. */
  readonly purged: number
}

/** The durable queue; every method is safe to call concurrently. */
export interface CallStore {
  /** How logs name the store: its engine and location, a password never shown. */
  readonly description: string
  /**
   * Commits calls durably (the promise resolves after the commit reached the disk). Concurrent
   * callers share commits (group commit). A messageId already stored is not stored again.
   */
  enqueue(calls: readonly CallToStore[]): Promise<EnqueueResult>
  /** Claims at most `limit` waiting calls, oldest first, that no other claim holds. */
  claim(limit: number): Promise<ClaimedCalls>
  /**
   * Moves undelivered calls stored before `now - retentionMs` to the dead letters and deletes
   * delivered calls and dead letters older than that (at most `maxRows` of each per call).
   */
  expire(retentionMs: number, maxRows: number): Promise<ExpiryResult>
  stats(): Promise<QueueStats>
  /** The newest dead letters first, at most `limit`. */
  deadLetters(limit: number): Promise<DeadLetter[]>
  /** Waits for commits in progress, then closes the engine. Claims not settled go back to the queue. */
  close(): Promise<void>
}

/** Options every store takes. */
export interface CallStoreOptions {
  /** The clock, epoch milliseconds (tests move it to check the retention). @default Date.now */
  now?: () => number
}

/** The store could not commit or read (disk full, database down); the webhook is answered 503. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
}

/** The `type` of a stored call's JSON, for listings (`unknown` when it cannot be read). */
export function storedCallType(json: string): string {
  const match = /^\{"type":"([a-z]+)"/.exec(json)
  return match?.[1] ?? 'unknown'
}

/** The dead-letter reason of a call the retention removed: `not delivered within the retention (7 days)`. */
export function expiryReason(retentionMs: number): string {
  return `not delivered within the retention (${formatDuration(retentionMs)})`
}

/** `7 days`, `36 hours`, `90 seconds`: a duration as people write it. */
export function formatDuration(ms: number): string {
  const units: readonly (readonly [number, string])[] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ]
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`
  }
  return `${ms} ms`
}
