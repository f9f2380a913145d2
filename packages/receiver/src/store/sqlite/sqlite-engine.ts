/**
 * The SQLite store's engine: one file (better-sqlite3), in WAL mode with synchronous commits, so a
 * commit that returned is on disk. better-sqlite3 is synchronous, so this engine runs in a worker
 * thread (`sqlite-store-worker.ts`): its fsyncs and WAL checkpoints never hold the receiver's event
 * loop. Times come from the caller (the receiver's clock), not from this thread.
 *
 * One receiver per file: claims live in the engine (a claim is a set of seqs in memory), so a
 * process that dies leaves nothing claimed. Several receivers on one database: PostgreSQL.
 */
import BetterSqlite3 from 'better-sqlite3'
import {
  StoreUnavailableError,
  type CallToStore,
  type ClaimOutcome,
  type DeadLetter,
  type EnqueueResult,
  type ExpiryResult,
  type StoredCall,
} from '../call-store'
import { deadLetterFromRow, storedCallFromRow, type CallRow, type DeadLetterRow } from '../store-rows'

/** The version of the tables below, in `PRAGMA user_version`. */
const schemaVersion = 1

const schema = `
CREATE TABLE IF NOT EXISTS calls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'waiting',
  settled_at INTEGER,
  last_error TEXT,
  -- Last: a call's JSON spans overflow pages, which a query reading the columns above never touches.
  body TEXT
);
CREATE INDEX IF NOT EXISTS calls_waiting ON calls (seq) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS calls_stored_at ON calls (stored_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  message_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  failed_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letters_failed_at ON dead_letters (failed_at);
`

/** The queue's numbers as the engine knows them; ages are computed by the caller's clock. */
export interface SqliteQueueNumbers {
  readonly queued: number
  /** `stored_at` of the oldest waiting call, undefined when none is waiting. */
  readonly oldestStoredAt: number | undefined
  readonly deadLetters: number
}

/** The synchronous engine behind the SQLite store; each method is one statement or one transaction. */
export interface SqliteEngine {
  /** Commits the calls of several webhooks in one transaction (one fsync); one result per webhook. */
  commit(webhooks: readonly (readonly CallToStore[])[], storedAt: number): EnqueueResult[]
  /** Claims at most `limit` waiting calls no other claim holds. */
  claim(limit: number): { readonly claimId: number; readonly calls: StoredCall[] }
  /** Writes a claim's outcome in one transaction and releases it. */
  settle(claimId: number, outcome: ClaimOutcome, settledAt: number): void
  /** Moves calls stored before `cutoff` to the dead letters with `reason`, purges settled ones. */
  expire(cutoff: number, maxRows: number, expiredAt: number, reason: string): ExpiryResult
  numbers(): SqliteQueueNumbers
  deadLetters(limit: number): DeadLetter[]
  close(): void
}

/**
 * Opens (creating when missing) the SQLite file at `path`.
 *
 * @throws StoreUnavailableError when the file cannot be opened or was written by a newer version
 */
export function openSqliteEngine(path: string): SqliteEngine {
  let db: BetterSqlite3.Database
  let bookkeeping: BetterSqlite3.Database
  try {
    db = new BetterSqlite3(path, { timeout: 5000 })
    db.pragma('journal_mode = WAL')
    // Every commit of calls reaches the disk before it returns (WAL + FULL: the WAL is synced at each commit).
    db.pragma('synchronous = FULL')
    const version = Number(db.pragma('user_version', { simple: true }))
    if (version > schemaVersion) {
      throw new Error(`it was written by a newer version of fingerprint-segment (schema ${version})`)
    }
    db.exec(schema)
    db.pragma(`user_version = ${schemaVersion}`)
    // Deliveries, dead letters and expiry go through a second connection that does not wait for
    // the disk (WAL + NORMAL: durable across a crash of the process, not of the machine; the next
    // commit of calls syncs them too). What a power loss can undo is only a "delivered" mark: the
    // call is sent again, with the same messageId, and Segment drops the repeat.
    bookkeeping = new BetterSqlite3(path, { timeout: 5000 })
    bookkeeping.pragma('synchronous = NORMAL')
  } catch (error) {
    throw new StoreUnavailableError(`The SQLite store ${path} cannot be opened: ${describe(error)}`)
  }

  const insertCall = db.prepare<[string, string, string, number]>(
    'INSERT INTO calls (message_id, event_id, body, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING',
  )
  const selectWaiting = bookkeeping.prepare<[number], CallRow>(
    "SELECT seq, message_id, event_id, body, stored_at, attempts FROM calls WHERE state = 'waiting' ORDER BY seq LIMIT ?",
  )
  const markDelivered = bookkeeping.prepare<[number, number]>(
    "UPDATE calls SET state = 'delivered', body = NULL, settled_at = ? WHERE seq = ? AND state = 'waiting'",
  )
  const markFailed = bookkeeping.prepare<[string | null, number]>(
    "UPDATE calls SET attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'waiting'",
  )
  const insertDeadLetter = bookkeeping.prepare<[string, number, number]>(
    `INSERT INTO dead_letters (message_id, event_id, body, reason, stored_at, failed_at, attempts)
       SELECT message_id, event_id, body, ?, stored_at, ?, attempts + 1 FROM calls WHERE seq = ? AND state = 'waiting'
     ON CONFLICT (message_id) DO NOTHING`,
  )
  const markDead = bookkeeping.prepare<[number, number]>(
    "UPDATE calls SET state = 'dead', body = NULL, settled_at = ? WHERE seq = ? AND state = 'waiting'",
  )
  const selectExpired = bookkeeping.prepare<[number, number], { seq: number }>(
    // By the stored_at index: stops at the cutoff, not a walk over every waiting call.
    "SELECT seq FROM calls INDEXED BY calls_stored_at WHERE stored_at < ? AND state = 'waiting' ORDER BY stored_at LIMIT ?",
  )
  const purgeSettled = bookkeeping.prepare<[number, number]>(
    "DELETE FROM calls WHERE seq IN (SELECT seq FROM calls INDEXED BY calls_stored_at WHERE stored_at < ? AND state <> 'waiting' LIMIT ?)",
  )
  const purgeDeadLetters = bookkeeping.prepare<[number, number]>(
    'DELETE FROM dead_letters WHERE message_id IN (SELECT message_id FROM dead_letters WHERE failed_at < ? LIMIT ?)',
  )
  const countWaiting = bookkeeping.prepare<[], { count: number }>(
    "SELECT count(*) AS count FROM calls WHERE state = 'waiting'",
  )
  const oldestWaiting = bookkeeping.prepare<[], { stored_at: number }>(
    "SELECT stored_at FROM calls WHERE state = 'waiting' ORDER BY seq LIMIT 1",
  )
  const countDeadLetters = bookkeeping.prepare<[], { count: number }>('SELECT count(*) AS count FROM dead_letters')
  const selectDeadLetters = bookkeeping.prepare<[number], DeadLetterRow>(
    'SELECT message_id, event_id, body, reason, stored_at, failed_at, attempts FROM dead_letters ORDER BY failed_at DESC, message_id LIMIT ?',
  )

  const commitWebhooks = db.transaction((webhooks: readonly (readonly CallToStore[])[], storedAt: number) =>
    webhooks.map((calls): EnqueueResult => {
      let stored = 0
      for (const call of calls) stored += insertCall.run(call.messageId, call.eventId, call.json, storedAt).changes
      return { stored, duplicates: calls.length - stored }
    }),
  )
  const writeOutcome = bookkeeping.transaction((seqs: readonly number[], outcome: ClaimOutcome, settledAt: number) => {
    const settled = new Set<number>()
    for (const seq of outcome.delivered) {
      markDelivered.run(settledAt, seq)
      settled.add(seq)
    }
    for (const { seq, reason } of outcome.dead) {
      insertDeadLetter.run(reason, settledAt, seq)
      markDead.run(settledAt, seq)
      settled.add(seq)
    }
    for (const seq of seqs) if (!settled.has(seq)) markFailed.run(outcome.failure ?? null, seq)
  })

  const expireOnce = bookkeeping.transaction((cutoff: number, maxRows: number, expiredAt: number, reason: string) => {
    const expiredSeqs = selectExpired.all(cutoff, maxRows).map((row) => row.seq)
    for (const seq of expiredSeqs) {
      insertDeadLetter.run(reason, expiredAt, seq)
      markDead.run(expiredAt, seq)
    }
    const purged = purgeSettled.run(cutoff, maxRows).changes + purgeDeadLetters.run(cutoff, maxRows).changes
    return { expired: expiredSeqs.length, purged }
  })

  /** Seqs held by claims not settled yet (this process is the file's only deliverer), by claim. */
  const claims = new Map<number, readonly number[]>()
  const claimed = new Set<number>()
  let nextClaimId = 1
  let closed = false

  function guarded<Result>(what: string, run: () => Result): Result {
    if (closed) throw new StoreUnavailableError(`The SQLite store ${path} is closed.`)
    try {
      return run()
    } catch (error) {
      throw new StoreUnavailableError(`The SQLite store ${path} could not ${what}: ${describe(error)}`)
    }
  }

  return {
    commit(webhooks, storedAt) {
      return guarded('commit calls', () => commitWebhooks(webhooks, storedAt))
    },
    claim(limit) {
      const rows = guarded('read the queue', () => selectWaiting.all(limit + claimed.size))
      const calls: StoredCall[] = []
      for (const row of rows) {
        if (calls.length >= limit) break
        if (claimed.has(row.seq)) continue
        claimed.add(row.seq)
        calls.push(storedCallFromRow(row))
      }
      const claimId = nextClaimId++
      claims.set(
        claimId,
        calls.map((call) => call.seq),
      )
      return { claimId, calls }
    },
    settle(claimId, outcome, settledAt) {
      const seqs = claims.get(claimId)
      if (seqs === undefined) throw new Error('This claim was already settled.')
      claims.delete(claimId)
      try {
        if (seqs.length > 0) guarded('record deliveries', () => writeOutcome(seqs, outcome, settledAt))
      } finally {
        for (const seq of seqs) claimed.delete(seq)
      }
    },
    expire(cutoff, maxRows, expiredAt, reason) {
      return guarded('expire old calls', () => expireOnce(cutoff, maxRows, expiredAt, reason))
    },
    numbers() {
      return guarded('read its statistics', () => ({
        queued: countWaiting.get()?.count ?? 0,
        oldestStoredAt: oldestWaiting.get()?.stored_at,
        deadLetters: countDeadLetters.get()?.count ?? 0,
      }))
    },
    deadLetters(limit) {
      return guarded('list its dead letters', () => selectDeadLetters.all(limit).map(deadLetterFromRow))
    },
    close() {
      if (closed) return
      closed = true
      claims.clear()
      claimed.clear()
      bookkeeping.close()
      db.close()
    },
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
