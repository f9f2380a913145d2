/**
 * The SQLite store's engine: one file (better-sqlite3), in WAL mode with synchronous commits, so a
 * commit that returned is on disk. better-sqlite3 is synchronous, so this engine runs in a worker
 * thread (`sqlite-store-worker.ts`): its fsyncs and WAL checkpoints never hold the receiver's event
 * loop. Times come from the caller (the receiver's clock), not from this thread.
 *
 * One receiver per file (`sqlite-store-lock.ts`): claims live in the engine (a claim is a set of
 * seqs in memory), so a process that dies leaves nothing claimed. Several receivers: PostgreSQL.
 */
import BetterSqlite3 from 'better-sqlite3'
import { describeError } from '../../lib/describe-error'
import type { CallToStore, ClaimOutcome, DeadLetter, DeadLetterFilter, EnqueueResult, StoredCall } from '../call-store'
import { deadLetterWhere, sqliteDialect } from '../dead-letter-filter'
import { StoreCorruptError, StoreUnavailableError } from '../store-errors'
import { deadLetterFromRow, storedCallFromRow, type CallRow, type DeadLetterRow } from '../store-rows'
import { checkSqliteIntegrity, corruptStoreMessage, isCorruptionError } from './sqlite-integrity'
import { sqliteSchema, sqliteSchemaVersion, sqliteSql } from './sqlite-sql'
import { lockSqliteStore, type SqliteStoreLock } from './sqlite-store-lock'

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
  /**
   * Writes a claim's outcome in one transaction and releases it. When the write fails the claim is
   * kept, so the same outcome can be settled again.
   */
  settle(claimId: number, outcome: ClaimOutcome, settledAt: number): void
  /** Deletes delivered calls and dead letters settled before `before`; returns the rows deleted. */
  purge(before: number, maxRows: number): number
  numbers(): SqliteQueueNumbers
  deadLetters(filter: DeadLetterFilter, limit: number): DeadLetter[]
  requeueDeadLetters(filter: DeadLetterFilter): number
  purgeDeadLetters(filter: DeadLetterFilter): number
  /** One small committed write. */
  checkWritable(at: number): void
  close(): void
}

/** How the engine opens its file. */
export interface SqliteEngineOptions {
  /** Take the file's receiver lock (a receiver; not a command beside one). @default false */
  readonly exclusive?: boolean
}

/**
 * Opens (creating when missing) the SQLite file at `path`, after checking every page of it.
 *
 * @throws StoreLockedError when another receiver holds it (with `exclusive`); StoreCorruptError when
 *   it is damaged; StoreUnavailableError when it cannot be opened or was written by a newer version
 */
export function openSqliteEngine(path: string, options: SqliteEngineOptions = {}): SqliteEngine {
  const lock: SqliteStoreLock | undefined = options.exclusive === true ? lockSqliteStore(path) : undefined
  let db: BetterSqlite3.Database | undefined
  let bookkeeping: BetterSqlite3.Database | undefined
  try {
    db = new BetterSqlite3(path, { timeout: 5000 })
    db.pragma('journal_mode = WAL')
    // Every commit of calls reaches the disk before it returns (WAL + FULL: the WAL is synced at each commit).
    db.pragma('synchronous = FULL')
    checkSqliteIntegrity(db, path)
    const version = Number(db.pragma('user_version', { simple: true }))
    if (version > sqliteSchemaVersion) {
      throw new StoreUnavailableError(
        `The SQLite store ${path} cannot be opened: it was written by a newer version of fingerprint-segment (schema ${version})`,
      )
    }
    db.exec(sqliteSchema)
    db.pragma(`user_version = ${sqliteSchemaVersion}`)
    // Deliveries, dead letters and purges go through a second connection that does not wait for
    // the disk (WAL + NORMAL: durable across a crash of the process, not of the machine; the next
    // commit of calls syncs them too). What a power loss can undo is only a "delivered" mark: the
    // call is sent again, with the same messageId, and Segment drops the repeat.
    bookkeeping = new BetterSqlite3(path, { timeout: 5000 })
    bookkeeping.pragma('synchronous = NORMAL')
  } catch (error) {
    bookkeeping?.close()
    db?.close()
    lock?.release()
    if (error instanceof StoreUnavailableError) throw error
    if (isCorruptionError(error)) throw new StoreCorruptError(corruptStoreMessage(path, describeError(error)))
    throw new StoreUnavailableError(`The SQLite store ${path} cannot be opened: ${describeError(error)}`)
  }
  return createEngine(path, db, bookkeeping, lock)
}

function createEngine(
  path: string,
  db: BetterSqlite3.Database,
  bookkeeping: BetterSqlite3.Database,
  lock: SqliteStoreLock | undefined,
): SqliteEngine {
  const insertCall = db.prepare<[string, string, string, number]>(sqliteSql.insertCall)
  const selectWaiting = bookkeeping.prepare<[number], CallRow>(sqliteSql.selectWaiting)
  const markDelivered = bookkeeping.prepare<[number, number]>(sqliteSql.markDelivered)
  const markFailed = bookkeeping.prepare<[string | null, number]>(sqliteSql.markFailed)
  const insertDeadLetter = bookkeeping.prepare<[string, number, number]>(sqliteSql.insertDeadLetter)
  const markDead = bookkeeping.prepare<[number, number]>(sqliteSql.markDead)
  const purgeSettled = bookkeeping.prepare<[number, number]>(sqliteSql.purgeSettled)
  const purgeDeadLetters = bookkeeping.prepare<[number, number]>(sqliteSql.purgeDeadLetters)
  const countWaiting = bookkeeping.prepare<[], { count: number }>(sqliteSql.countWaiting)
  const oldestWaiting = bookkeeping.prepare<[], { stored_at: number }>(sqliteSql.oldestWaiting)
  const countDeadLetters = bookkeeping.prepare<[], { count: number }>(sqliteSql.countDeadLetters)
  const writeProbe = db.prepare<[number]>(sqliteSql.writeProbe)

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
  const purgeOnce = bookkeeping.transaction(
    (before: number, maxRows: number) =>
      purgeSettled.run(before, maxRows).changes + purgeDeadLetters.run(before, maxRows).changes,
  )
  const requeue = bookkeeping.transaction((filter: DeadLetterFilter) => {
    const { where, values } = deadLetterWhere(filter, sqliteDialect)
    const requeued = bookkeeping.prepare(sqliteSql.requeueDeadLetters(where)).run(...values).changes
    bookkeeping.prepare(sqliteSql.deleteDeadLetters(where)).run(...values)
    return requeued
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
      if (isCorruptionError(error)) throw new StoreCorruptError(corruptStoreMessage(path, describeError(error)))
      throw new StoreUnavailableError(`The SQLite store ${path} could not ${what}: ${describeError(error)}`)
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
      if (seqs.length > 0) guarded('record deliveries', () => writeOutcome(seqs, outcome, settledAt))
      // Written: the claim is over. Not written (thrown above): it is kept for another try.
      claims.delete(claimId)
      for (const seq of seqs) claimed.delete(seq)
    },
    purge(before, maxRows) {
      return guarded('purge old calls', () => purgeOnce(before, maxRows))
    },
    numbers() {
      return guarded('read its statistics', () => ({
        queued: countWaiting.get()?.count ?? 0,
        oldestStoredAt: oldestWaiting.get()?.stored_at,
        deadLetters: countDeadLetters.get()?.count ?? 0,
      }))
    },
    deadLetters(filter, limit) {
      return guarded('list its dead letters', () => {
        const { where, values } = deadLetterWhere(filter, sqliteDialect)
        return bookkeeping
          .prepare<unknown[], DeadLetterRow>(sqliteSql.listDeadLetters(where, '?'))
          .all(...values, limit)
          .map(deadLetterFromRow)
      })
    },
    requeueDeadLetters(filter) {
      return guarded('requeue dead letters', () => requeue(filter))
    },
    purgeDeadLetters(filter) {
      return guarded('purge dead letters', () => {
        const { where, values } = deadLetterWhere(filter, sqliteDialect)
        return bookkeeping.prepare(sqliteSql.deleteDeadLetters(where)).run(...values).changes
      })
    },
    checkWritable(at) {
      guarded('write', () => writeProbe.run(at))
    },
    close() {
      if (closed) return
      closed = true
      claims.clear()
      claimed.clear()
      bookkeeping.close()
      db.close()
      lock?.release()
    },
  }
}
