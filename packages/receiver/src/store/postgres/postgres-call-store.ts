/**
 * The shared store: PostgreSQL (node-postgres), for several receivers on one database. Its SQL is
 * in `postgres-sql.ts`, its claims in `postgres-claim.ts`. Commits are group commits: the calls of
 * every webhook waiting go in one multi-row INSERT.
 */
import type { Pool } from 'pg'
import { steadyClock } from '../../lib/clock'
import { describeError } from '../../lib/describe-error'
import type { CallStore, CallStoreOptions, CallToStore, EnqueueResult } from '../call-store'
import { deadLetterWhere, postgresDialect } from '../dead-letter-filter'
import { createGroupCommit } from '../group-commit'
import { StoreUnavailableError } from '../store-errors'
import { describeStoreLocation } from '../store-location'
import { deadLetterFromRow, type DeadLetterRow } from '../store-rows'
import { claimPostgresCalls, type PostgresClaimContext } from './postgres-claim'
import { createPostgresPool } from './postgres-pool'
import { createPostgresTables } from './postgres-schema'
import { postgresSql } from './postgres-sql'

export interface PostgresCallStoreOptions extends CallStoreOptions {
  /**
   * Longest a claim may stay open between two statements (the deliverer sends its batches in
   * between); PostgreSQL ends a session idle in its transaction for longer, which releases the rows.
   * @default 60000
   */
  readonly claimIdleTimeoutMs?: number
  /** Connections in the pool. @default 10 */
  readonly maxConnections?: number
}

/** Most webhooks in one commit. */
const maxWebhooksPerCommit = 500

/**
 * Connects to the PostgreSQL store at `url` and creates its tables when missing.
 *
 * @throws StoreUnavailableError when the database cannot be reached or was written by a newer version
 */
export async function openPostgresCallStore(url: string, options: PostgresCallStoreOptions = {}): Promise<CallStore> {
  const now = options.now ?? steadyClock.now
  const description = describeStoreLocation({ engine: 'postgres', url })
  const pool: Pool = await createPostgresPool(url, options.maxConnections ?? 10)
  const fail = (what: string, error: unknown): StoreUnavailableError =>
    new StoreUnavailableError(`The PostgreSQL store ${description} could not ${what}: ${describeError(error)}`)

  try {
    await createPostgresTables(pool)
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw fail('be opened', error)
  }

  let closed = false
  const claims: PostgresClaimContext = {
    pool,
    now,
    claimIdleTimeoutMs: options.claimIdleTimeoutMs ?? 60_000,
    fail: (what, error) => (error instanceof StoreUnavailableError ? error : fail(what, error)),
    openClaims: new Set(),
  }
  const checkOpen = (): void => {
    if (closed) throw new StoreUnavailableError(`The PostgreSQL store ${description} is closed.`)
  }
  /** One query, its failure named. */
  async function run(what: string, text: string, values: unknown[] = []): Promise<{ rows: unknown[]; count: number }> {
    checkOpen()
    try {
      const result = await pool.query(text, values)
      return { rows: result.rows, count: result.rowCount ?? 0 }
    } catch (error) {
      throw fail(what, error)
    }
  }

  const groupCommit = createGroupCommit<readonly CallToStore[], EnqueueResult>(
    async (groups) => {
      const calls = groups.flat()
      const { rows } = await run('commit calls', postgresSql.insertCalls, [
        calls.map((call) => call.messageId),
        calls.map((call) => call.eventId),
        calls.map((call) => call.json),
        now(),
      ])
      const inserted = new Set((rows as { message_id: string }[]).map((row) => row.message_id))
      // The first copy of a messageId in the group is the one stored; later copies are duplicates.
      return groups.map((group) => {
        let stored = 0
        for (const call of group) if (inserted.delete(call.messageId)) stored++
        return { stored, duplicates: group.length - stored }
      })
    },
    { maxItems: maxWebhooksPerCommit, maxInFlight: 2 },
  )

  return {
    description,
    enqueue(calls) {
      if (calls.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 })
      return groupCommit.add(calls)
    },
    claim(limit) {
      checkOpen()
      return claimPostgresCalls(claims, limit)
    },
    async purge(before, maxRows) {
      const settled = await run('purge old calls', postgresSql.purgeSettled, [before, maxRows])
      const letters = await run('purge old calls', postgresSql.purgeDeadLetters, [before, maxRows])
      return settled.count + letters.count
    },
    async stats() {
      const { rows } = await run('read its statistics', postgresSql.readStats)
      const row = rows[0] as { queued: number; oldest: number | null; dead_letters: number } | undefined
      return {
        queued: row?.queued ?? 0,
        oldestQueuedAgeSeconds: row?.oldest == null ? 0 : Math.max(0, Math.floor((now() - row.oldest) / 1000)),
        deadLetters: row?.dead_letters ?? 0,
      }
    },
    async deadLetters(filter, limit) {
      const { where, values } = deadLetterWhere(filter, postgresDialect)
      const sql = postgresSql.listDeadLetters(where, `$${values.length + 1}`)
      const { rows } = await run('list its dead letters', sql, [...values, limit])
      return (rows as DeadLetterRow[]).map(deadLetterFromRow)
    },
    async requeueDeadLetters(filter) {
      const { where, values } = deadLetterWhere(filter, postgresDialect)
      return (await run('requeue dead letters', postgresSql.requeueDeadLetters(where), values)).count
    },
    async purgeDeadLetters(filter) {
      const { where, values } = deadLetterWhere(filter, postgresDialect)
      return (await run('purge dead letters', postgresSql.deleteDeadLetters(where), values)).count
    },
    async checkWritable() {
      await run('write', postgresSql.writeProbe, [now()])
    },
    async close() {
      if (closed) return
      await groupCommit.idle()
      closed = true
      for (const abandon of [...claims.openClaims]) abandon()
      await pool.end()
    },
  }
}
