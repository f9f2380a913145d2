import type { Pool } from 'pg'
import { StoreUnavailableError } from '../store-errors'
import { postgresSchema, postgresSchemaLockKey, postgresSchemaVersion, postgresSql } from './postgres-sql'

/**
 * Creates the tables when missing, under an advisory lock so receivers starting together do not
 * race, and refuses a database written by a newer version.
 */
export async function createPostgresTables(pool: Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(postgresSql.lockSchema, [postgresSchemaLockKey])
    await client.query(postgresSchema)
    const { rows } = await client.query<{ version: number | null }>(postgresSql.readSchemaVersion)
    const version = rows[0]?.version ?? null
    if (version === null) await client.query(postgresSql.writeSchemaVersion, [postgresSchemaVersion])
    else if (version > postgresSchemaVersion) {
      throw new StoreUnavailableError(`it was written by a newer version of fingerprint-segment (schema ${version})`)
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
