/**
 * The shared store: PostgreSQL (node-postgres), for several receivers on one database.
 *
 * A claim is a transaction that locks its rows with `FOR UPDATE SKIP LOCKED` and stays open while
 * the deliverer sends them: other receivers skip locked rows, and a receiver that dies mid-batch
 * loses its connection, so PostgreSQL rolls the transaction back and the rows are free at once for
 * another receiver. `idle_in_transaction_session_timeout` ends a claim whose process hangs.
 *
 * Commits are group commits too: the calls of every webhook waiting go in one multi-row INSERT.
 */
import type { Pool, PoolClient, PoolConfig } from 'pg'
import {
  expiryReason,
  StoreUnavailableError,
  type CallStore,
  type CallStoreOptions,
  type CallToStore,
  type ClaimedCalls,
  type EnqueueResult,
} from '../call-store'
import { createGroupCommit } from '../group-commit'
import { describeStoreLocation } from '../store-location'
import { deadLetterFromRow, storedCallFromRow, type CallRow, type DeadLetterRow } from '../store-rows'

export interface PostgresCallStoreOptions extends CallStoreOptions {
  /**
   * Longest a claim may stay open between two statements (the deliverer sends its batches in
   * between); PostgreSQL ends a session idle in its transaction for longer, which releases the rows.
   * @default 60000
   */
  claimIdleTimeoutMs?: number
  /** Connections in the pool. @default 10 */
  maxConnections?: number
}

/** The version of the tables below, in `fingerprint_segment_schema`. */
const schemaVersion = 1
/** Taken while the tables are created, so receivers starting together do not race. */
const schemaLockKey = 7_311_940_211

const schema = `
CREATE TABLE IF NOT EXISTS fingerprint_segment_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS fingerprint_segment_calls (
  seq bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  event_id text NOT NULL,
  stored_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'waiting',
  settled_at bigint,
  last_error text,
  body text
);
CREATE INDEX IF NOT EXISTS fingerprint_segment_calls_waiting ON fingerprint_segment_calls (seq) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS fingerprint_segment_calls_stored_at ON fingerprint_segment_calls (stored_at);
CREATE TABLE IF NOT EXISTS fingerprint_segment_dead_letters (
  message_id text PRIMARY KEY,
  event_id text NOT NULL,
  body text NOT NULL,
  reason text NOT NULL,
  stored_at bigint NOT NULL,
  failed_at bigint NOT NULL,
  attempts integer NOT NULL
);
CREATE INDEX IF NOT EXISTS fingerprint_segment_dead_letters_failed_at ON fingerprint_segment_dead_letters (failed_at);
`

const insertCalls = `
INSERT INTO fingerprint_segment_calls (message_id, event_id, body, stored_at)
SELECT message_id, event_id, body, $4::bigint FROM unnest($1::text[], $2::text[], $3::text[]) AS c(message_id, event_id, body)
ON CONFLICT (message_id) DO NOTHING
RETURNING message_id`

const claimCalls = `
SELECT seq, message_id, event_id, body, stored_at, attempts FROM fingerprint_segment_calls
WHERE state = 'waiting' ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`

const markDelivered = `
UPDATE fingerprint_segment_calls SET state = 'delivered', body = NULL, settled_at = $2 WHERE seq = ANY($1::bigint[])`

const moveToDeadLetters = `
WITH dead AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS d(seq, reason)),
letters AS (
  INSERT INTO fingerprint_segment_dead_letters (message_id, event_id, body, reason, stored_at, failed_at, attempts)
  SELECT c.message_id, c.event_id, c.body, dead.reason, c.stored_at, $3, c.attempts + 1
  FROM fingerprint_segment_calls c JOIN dead USING (seq) WHERE c.state = 'waiting'
  ON CONFLICT (message_id) DO NOTHING
)
UPDATE fingerprint_segment_calls c SET state = 'dead', body = NULL, settled_at = $3 FROM dead WHERE c.seq = dead.seq`

const markFailed = `
UPDATE fingerprint_segment_calls SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`

const expireCalls = `
WITH expired AS (
  SELECT seq FROM fingerprint_segment_calls WHERE stored_at < $1 AND state = 'waiting'
  ORDER BY stored_at LIMIT $2 FOR UPDATE SKIP LOCKED
),
letters AS (
  INSERT INTO fingerprint_segment_dead_letters (message_id, event_id, body, reason, stored_at, failed_at, attempts)
  SELECT c.message_id, c.event_id, c.body, $3, c.stored_at, $4, c.attempts
  FROM fingerprint_segment_calls c JOIN expired USING (seq)
  ON CONFLICT (message_id) DO NOTHING
)
UPDATE fingerprint_segment_calls c SET state = 'dead', body = NULL, settled_at = $4 FROM expired WHERE c.seq = expired.seq`

const purgeSettled = `
DELETE FROM fingerprint_segment_calls WHERE seq IN (
  SELECT seq FROM fingerprint_segment_calls WHERE stored_at < $1 AND state <> 'waiting' LIMIT $2 FOR UPDATE SKIP LOCKED
)`

const purgeDeadLetters = `
DELETE FROM fingerprint_segment_dead_letters WHERE message_id IN (
  SELECT message_id FROM fingerprint_segment_dead_letters WHERE failed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
)`

const readStats = `
SELECT
  (SELECT count(*) FROM fingerprint_segment_calls WHERE state = 'waiting') AS queued,
  (SELECT stored_at FROM fingerprint_segment_calls WHERE state = 'waiting' ORDER BY seq LIMIT 1) AS oldest,
  (SELECT count(*) FROM fingerprint_segment_dead_letters) AS dead_letters`

const listDeadLetters = `
SELECT message_id, event_id, body, reason, stored_at, failed_at, attempts FROM fingerprint_segment_dead_letters
ORDER BY failed_at DESC, message_id LIMIT $1`

/** PostgreSQL's `int8` type (bigserial, bigint, count(*)). */
const int8Oid = 20

type TypeParserLookup = (oid: number, format?: 'text' | 'binary') => unknown

/** pg's parsers, with `int8` read as a number instead of a string. */
function int8AsNumber(parsers: TypeParserLookup): TypeParserLookup {
  return (oid, format) => (oid === int8Oid ? (value: string): number => Number(value) : parsers(oid, format))
}
/** Most webhooks in one commit. */
const maxWebhooksPerCommit = 500
/** Longest wait for a connection of the pool, and for any one query. */
const connectTimeoutMs = 5000
const queryTimeoutMs = 15_000

/**
 * Connects to the PostgreSQL store at `url` and creates its tables when missing.
 *
 * @throws StoreUnavailableError when the database cannot be reached or was written by a newer version
 */
export async function openPostgresCallStore(url: string, options: PostgresCallStoreOptions = {}): Promise<CallStore> {
  const now = options.now ?? Date.now
  const claimIdleTimeoutMs = options.claimIdleTimeoutMs ?? 60_000
  const { default: pg } = await import('pg')
  const description = describeStoreLocation({ engine: 'postgres', url })
  const config: PoolConfig = {
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    // How the server lists the receiver's connections, unless the URL names them itself.
    ...(new URL(url).searchParams.has('application_name') ? {} : { application_name: 'fingerprint-segment' }),
    // bigint columns are epoch milliseconds and sequence numbers: well inside a double.
    types: { getTypeParser: int8AsNumber(pg.types.getTypeParser.bind(pg.types) as TypeParserLookup) as never },
  }
  const pool: Pool = new pg.Pool(config)
  // An idle connection the server closed: the next query opens another one.
  pool.on('error', () => undefined)

  const fail = (what: string, error: unknown): StoreUnavailableError =>
    error instanceof StoreUnavailableError
      ? error
      : new StoreUnavailableError(`The PostgreSQL store ${description} could not ${what}: ${describe(error)}`)

  try {
    await createTables(pool)
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw fail('be opened', error)
  }

  let closed = false
  /** Ends each claim not settled yet (its connection is closed, so PostgreSQL rolls it back). */
  const openClaims = new Set<() => void>()
  const checkOpen = (): void => {
    if (closed) throw new StoreUnavailableError(`The PostgreSQL store ${description} is closed.`)
  }

  const groupCommit = createGroupCommit<readonly CallToStore[], EnqueueResult>(
    async (groups) => {
      checkOpen()
      const calls = groups.flat()
      let inserted: Set<string>
      try {
        const result = await pool.query<{ message_id: string }>(insertCalls, [
          calls.map((call) => call.messageId),
          calls.map((call) => call.eventId),
          calls.map((call) => call.json),
          now(),
        ])
        inserted = new Set(result.rows.map((row) => row.message_id))
      } catch (error) {
        throw fail('commit calls', error)
      }
      // The first copy of a messageId in the group is the one stored; later copies are duplicates.
      return groups.map((group) => {
        let stored = 0
        for (const call of group) if (inserted.delete(call.messageId)) stored++
        return { stored, duplicates: group.length - stored }
      })
    },
    { maxItems: maxWebhooksPerCommit, maxInFlight: 2 },
  )

  async function claim(limit: number): Promise<ClaimedCalls> {
    checkOpen()
    let client: PoolClient
    try {
      client = await pool.connect()
    } catch (error) {
      throw fail('lend a connection', error)
    }
    // A claim's connection may be ended by the server (idle_in_transaction_session_timeout).
    const ignoreError = (): void => undefined
    client.on('error', ignoreError)
    let released = false
    const release = (broken?: Error): void => {
      if (released) return
      released = true
      openClaims.delete(abandon)
      client.off('error', ignoreError)
      client.release(broken)
    }
    const abandon = (): void => {
      release(new Error('The store closed before this claim was settled.'))
    }
    openClaims.add(abandon)
    let rows: CallRow[]
    try {
      await client.query(`BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(claimIdleTimeoutMs)}`)
      rows = (await client.query<CallRow>(claimCalls, [limit])).rows
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      release(error instanceof Error ? error : new Error(String(error)))
      throw fail('read the queue', error)
    }
    if (rows.length === 0) {
      await client.query('ROLLBACK').then(
        () => release(),
        (error: unknown) => release(error instanceof Error ? error : new Error(String(error))),
      )
      return { calls: [], settle: () => Promise.resolve() }
    }
    const calls = rows.map(storedCallFromRow)
    let settled = false
    return {
      calls,
      async settle(outcome) {
        if (settled) throw new Error('This claim was already settled.')
        settled = true
        if (released)
          throw new StoreUnavailableError(`The PostgreSQL store ${description} closed before this claim was settled.`)
        const at = now()
        const done = new Set<number>([...outcome.delivered, ...outcome.dead.map((dead) => dead.seq)])
        const failed = calls.map((call) => call.seq).filter((seq) => !done.has(seq))
        try {
          if (outcome.delivered.length > 0) await client.query(markDelivered, [outcome.delivered, at])
          if (outcome.dead.length > 0) {
            await client.query(moveToDeadLetters, [
              outcome.dead.map((dead) => dead.seq),
              outcome.dead.map((dead) => dead.reason),
              at,
            ])
          }
          if (failed.length > 0) await client.query(markFailed, [failed, outcome.failure ?? null])
          await client.query('COMMIT')
          release()
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined)
          release(error instanceof Error ? error : new Error(String(error)))
          // The transaction is gone: the calls are waiting again, and may be sent once more.
          throw fail('record deliveries', error)
        }
      },
    }
  }

  return {
    description,
    enqueue(calls) {
      if (calls.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 })
      return groupCommit.add(calls)
    },
    claim,
    async expire(retentionMs, maxRows) {
      checkOpen()
      const at = now()
      const cutoff = at - retentionMs
      try {
        const expired = await pool.query(expireCalls, [cutoff, maxRows, expiryReason(retentionMs), at])
        const settled = await pool.query(purgeSettled, [cutoff, maxRows])
        const letters = await pool.query(purgeDeadLetters, [cutoff, maxRows])
        return { expired: expired.rowCount ?? 0, purged: (settled.rowCount ?? 0) + (letters.rowCount ?? 0) }
      } catch (error) {
        throw fail('expire old calls', error)
      }
    },
    async stats() {
      checkOpen()
      try {
        const { rows } = await pool.query<{ queued: number; oldest: number | null; dead_letters: number }>(readStats)
        const row = rows[0]
        return {
          queued: row?.queued ?? 0,
          oldestQueuedAgeSeconds: row?.oldest == null ? 0 : Math.max(0, Math.floor((now() - row.oldest) / 1000)),
          deadLetters: row?.dead_letters ?? 0,
        }
      } catch (error) {
        throw fail('read its statistics', error)
      }
    },
    async deadLetters(limit) {
      checkOpen()
      try {
        const { rows } = await pool.query<DeadLetterRow>(listDeadLetters, [limit])
        return rows.map(deadLetterFromRow)
      } catch (error) {
        throw fail('list its dead letters', error)
      }
    },
    async close() {
      if (closed) return
      await groupCommit.idle()
      closed = true
      for (const abandon of [...openClaims]) abandon()
      await pool.end()
    },
  }
}

async function createTables(pool: Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [schemaLockKey])
    await client.query(schema)
    const { rows } = await client.query<{ version: number }>(
      'SELECT max(version) AS version FROM fingerprint_segment_schema',
    )
    const version = rows[0]?.version ?? null
    if (version === null)
      await client.query('INSERT INTO fingerprint_segment_schema (version) VALUES ($1)', [schemaVersion])
    else if (version > schemaVersion) {
      throw new Error(`it was written by a newer version of fingerprint-segment (schema ${version})`)
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
