/**
 * A claim on the PostgreSQL store: a transaction that locks its rows with `FOR UPDATE SKIP LOCKED`
 * and stays open while the deliverer sends them. Other receivers skip locked rows; a receiver that
 * dies mid-batch loses its connection, so PostgreSQL rolls the transaction back and the rows are
 * free at once for another receiver.
 *
 * Settling writes the outcome and commits. When that fails (the database cannot write) the
 * transaction is gone and its locks with it; settling again writes the same outcome in a new
 * transaction, on the rows still waiting.
 */
import type { Pool, PoolClient } from 'pg'
import type { ClaimedCalls, ClaimOutcome, StoredCall } from '../call-store'
import type { StoreUnavailableError } from '../store-errors'
import { storedCallFromRow, type CallRow } from '../store-rows'
import { postgresSql } from './postgres-sql'

export interface PostgresClaimContext {
  readonly pool: Pool
  readonly now: () => number
  /** Longest a claim may stay idle in its transaction. */
  readonly claimIdleTimeoutMs: number
  /** The error a failure becomes (naming the store, its password hidden). */
  readonly fail: (what: string, error: unknown) => StoreUnavailableError
  /** Claims not settled yet: each ends its connection when the store closes. */
  readonly openClaims: Set<() => void>
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))

/** Claims at most `limit` waiting calls no other claim holds. */
export async function claimPostgresCalls(context: PostgresClaimContext, limit: number): Promise<ClaimedCalls> {
  let client: PoolClient
  try {
    client = await context.pool.connect()
  } catch (error) {
    throw context.fail('lend a connection', error)
  }
  // A claim's connection may be ended by the server (idle_in_transaction_session_timeout).
  const ignoreError = (): void => undefined
  client.on('error', ignoreError)
  let released = false
  const release = (broken?: Error): void => {
    if (released) return
    released = true
    context.openClaims.delete(abandon)
    client.off('error', ignoreError)
    client.release(broken)
  }
  const abandon = (): void => {
    release(new Error('The store closed before this claim was settled.'))
  }
  context.openClaims.add(abandon)
  let rows: CallRow[]
  try {
    await client.query(postgresSql.beginClaim(context.claimIdleTimeoutMs))
    rows = (await client.query<CallRow>(postgresSql.claimCalls, [limit])).rows
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    release(asError(error))
    throw context.fail('read the queue', error)
  }
  if (rows.length === 0) {
    await client.query('ROLLBACK').then(
      () => release(),
      (error: unknown) => release(asError(error)),
    )
    return { calls: [], settle: () => Promise.resolve() }
  }
  const calls = rows.map(storedCallFromRow)
  let settled = false
  let tries = 0
  return {
    calls,
    async settle(outcome) {
      if (settled) throw new Error('This claim was already settled.')
      tries++
      if (tries === 1) {
        if (released)
          throw context.fail('record deliveries', new Error('the store closed before this claim was settled'))
        try {
          await writeOutcome(client, calls, outcome, context.now())
          await client.query('COMMIT')
          release()
          settled = true
          return
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined)
          release(asError(error))
          throw context.fail('record deliveries', error)
        }
      }
      // The first try's transaction is gone: the same outcome in a new one, on the rows still waiting.
      let retry: PoolClient
      try {
        retry = await context.pool.connect()
      } catch (error) {
        throw context.fail('record deliveries', error)
      }
      try {
        await retry.query('BEGIN')
        await writeOutcome(retry, calls, outcome, context.now())
        await retry.query('COMMIT')
        retry.release()
        settled = true
      } catch (error) {
        await retry.query('ROLLBACK').catch(() => undefined)
        retry.release(asError(error))
        throw context.fail('record deliveries', error)
      }
    },
  }
}

async function writeOutcome(
  client: PoolClient,
  calls: readonly StoredCall[],
  outcome: ClaimOutcome,
  at: number,
): Promise<void> {
  const done = new Set<number>([...outcome.delivered, ...outcome.dead.map((dead) => dead.seq)])
  const failed = calls.map((call) => call.seq).filter((seq) => !done.has(seq))
  if (outcome.delivered.length > 0) await client.query(postgresSql.markDelivered, [outcome.delivered, at])
  if (outcome.dead.length > 0) {
    await client.query(postgresSql.moveToDeadLetters, [
      outcome.dead.map((dead) => dead.seq),
      outcome.dead.map((dead) => dead.reason),
      at,
    ])
  }
  if (failed.length > 0) await client.query(postgresSql.markFailed, [failed, outcome.failure ?? null])
}
