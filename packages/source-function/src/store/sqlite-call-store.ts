/**
 * The embedded store: one SQLite file (better-sqlite3), in WAL mode with synchronous commits, so a
 * commit that returned is on disk. better-sqlite3 is synchronous: a commit holds the event loop
 * for its fsync (about a millisecond), and group commit makes every webhook mapped in one turn of
 * the event loop share it.
 *
 * One receiver per file: claims live in the process (a claim is a set of seqs in memory), so a
 * process that dies leaves nothing claimed. Several receivers on one database: PostgreSQL.
 */
import type BetterSqlite3 from 'better-sqlite3'
import {
  expiryReason,
  storedCallType,
  StoreUnavailableError,
  type CallStore,
  type CallStoreOptions,
  type CallToStore,
  type ClaimOutcome,
  type DeadLetter,
  type EnqueueResult,
  type StoredCall,
} from './call-store'
import { createGroupCommit } from './group-commit'
import { describeStoreLocation } from './store-location'

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

interface CallRow {
  seq: number
  message_id: string
  event_id: string
  body: string
  stored_at: number
  attempts: number
}

interface DeadLetterRow {
  message_id: string
  event_id: string
  body: string
  reason: string
  stored_at: number
  failed_at: number
  attempts: number
}

/** Most webhooks in one commit. */
const maxWebhooksPerCommit = 1000

/**
 * Opens (creating when missing) the SQLite store at `path`.
 *
 * @throws StoreUnavailableError when the file cannot be opened or was written by a newer version
 */
export async function openSqliteCallStore(path: string, options: CallStoreOptions = {}): Promise<CallStore> {
  const now = options.now ?? Date.now
  const { default: Database } = await import('better-sqlite3')
  let db: BetterSqlite3.Database
  let bookkeeping: BetterSqlite3.Database
  try {
    db = new Database(path, { timeout: 5000 })
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
    bookkeeping = new Database(path, { timeout: 5000 })
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

  const commitWebhooks = db.transaction((groups: readonly (readonly CallToStore[])[], storedAt: number) =>
    groups.map((calls): EnqueueResult => {
      let stored = 0
      for (const call of calls) stored += insertCall.run(call.messageId, call.eventId, call.json, storedAt).changes
      return { stored, duplicates: calls.length - stored }
    }),
  )
  const groupCommit = createGroupCommit<readonly CallToStore[], EnqueueResult>(
    (groups) => guarded('commit calls', () => commitWebhooks(groups, now())),
    { maxItems: maxWebhooksPerCommit, maxInFlight: 1 },
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

  /** Seqs held by claims not settled yet (this process is the file's only deliverer). */
  const claimed = new Set<number>()
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
    description: describeStoreLocation({ engine: 'sqlite', path }),
    enqueue(calls) {
      if (calls.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 })
      return groupCommit.add(calls)
    },
    claim(limit) {
      return Promise.resolve().then(() => {
        const rows = guarded('read the queue', () => selectWaiting.all(limit + claimed.size))
        const calls: StoredCall[] = []
        for (const row of rows) {
          if (calls.length >= limit) break
          if (claimed.has(row.seq)) continue
          claimed.add(row.seq)
          calls.push({
            seq: row.seq,
            messageId: row.message_id,
            eventId: row.event_id,
            json: row.body,
            storedAt: row.stored_at,
            attempts: row.attempts,
          })
        }
        let settled = false
        return {
          calls,
          settle(outcome) {
            if (settled) return Promise.reject(new Error('This claim was already settled.'))
            settled = true
            const seqs = calls.map((call) => call.seq)
            try {
              if (seqs.length > 0) guarded('record deliveries', () => writeOutcome(seqs, outcome, now()))
              return Promise.resolve()
            } catch (error) {
              return Promise.reject(error instanceof Error ? error : new Error(String(error)))
            } finally {
              for (const seq of seqs) claimed.delete(seq)
            }
          },
        }
      })
    },
    expire(retentionMs, maxRows) {
      return Promise.resolve().then(() => {
        const at = now()
        const reason = expiryReason(retentionMs)
        return guarded('expire old calls', () => expireOnce(at - retentionMs, maxRows, at, reason))
      })
    },
    stats() {
      return Promise.resolve().then(() =>
        guarded('read its statistics', () => {
          const oldest = oldestWaiting.get()
          return {
            queued: countWaiting.get()?.count ?? 0,
            oldestQueuedAgeSeconds: oldest ? Math.max(0, Math.floor((now() - oldest.stored_at) / 1000)) : 0,
            deadLetters: countDeadLetters.get()?.count ?? 0,
          }
        }),
      )
    },
    deadLetters(limit) {
      return Promise.resolve().then(() =>
        guarded('list its dead letters', () =>
          selectDeadLetters.all(limit).map((row): DeadLetter => ({
            messageId: row.message_id,
            eventId: row.event_id,
            type: storedCallType(row.body),
            reason: row.reason,
            storedAt: row.stored_at,
            failedAt: row.failed_at,
            attempts: row.attempts,
          })),
        ),
      )
    },
    async close() {
      if (closed) return
      await groupCommit.idle()
      closed = true
      claimed.clear()
      bookkeeping.close()
      db.close()
    },
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
