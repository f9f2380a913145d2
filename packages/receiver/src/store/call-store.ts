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
  /**
   * Writes the outcome in one commit and releases the claim. Calls in neither list go back to the
   * queue. When it rejects (a full disk), nothing of the outcome was written and the claim is kept:
   * the same outcome can be settled again once the store writes again (the deliverer does so, and
   * sends nothing meanwhile), so calls the API accepted are not sent twice.
   */
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

/** Which dead letters a listing, a requeue or a purge takes; every field given must match (none: all). */
export interface DeadLetterFilter {
  /** Only these messageIds. */
  readonly messageIds?: readonly string[]
  /** Only the calls of this Fingerprint event. */
  readonly eventId?: string
  /** Only this call type (`identify`, `track`, ...). */
  readonly type?: string
  /** Only those whose reason contains this text. */
  readonly reasonContains?: string
  /** Only those moved to the dead letters at or after this time, epoch ms. */
  readonly failedFrom?: number
  /** Only those moved to the dead letters before this time, epoch ms. */
  readonly failedUntil?: number
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
   * Deletes delivered calls and dead letters settled before `before` (epoch ms), at most `maxRows`
   * of each; returns how many rows went. Waiting calls are never deleted here.
   */
  purge(before: number, maxRows: number): Promise<number>
  stats(): Promise<QueueStats>
  /** The dead letters `filter` takes, newest first, at most `limit`. */
  deadLetters(filter: DeadLetterFilter, limit: number): Promise<DeadLetter[]>
  /** Puts the dead letters `filter` takes back in the queue (delivered as any waiting call); returns how many. */
  requeueDeadLetters(filter: DeadLetterFilter): Promise<number>
  /** Deletes the dead letters `filter` takes; returns how many. */
  purgeDeadLetters(filter: DeadLetterFilter): Promise<number>
  /** Makes one small write and commits it: resolves once the store can write again (after a full disk). */
  checkWritable(): Promise<void>
  /** Waits for commits in progress, then closes the engine. Claims not settled go back to the queue. */
  close(): Promise<void>
}

/** Options every store takes. */
export interface CallStoreOptions {
  /** The clock the stored times come from, epoch milliseconds. @default the receiver's steady clock */
  readonly now?: () => number
  /**
   * Open it for a receiver: an SQLite file then takes the lock that keeps a second receiver off it
   * (PostgreSQL takes none: several receivers share a database). @default false (a command beside a receiver)
   */
  readonly exclusive?: boolean
}

/** The `type` of a stored call's JSON, for listings (`unknown` when it cannot be read). */
export function storedCallType(json: string): string {
  const match = /^\{"type":"([a-z]+)"/.exec(json)
  return match?.[1] ?? 'unknown'
}
