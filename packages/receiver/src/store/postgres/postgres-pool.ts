/** The connection pool of the PostgreSQL store (node-postgres), loaded only when such a store opens. */
import type { Pool, PoolConfig } from 'pg'

/** Longest wait for a connection of the pool, and for any one query. */
export const postgresConnectTimeoutMs = 5000
export const postgresQueryTimeoutMs = 15_000

/** PostgreSQL's `int8` type (bigserial, bigint, count(*)). */
const int8Oid = 20

type TypeParserLookup = (oid: number, format?: 'text' | 'binary') => unknown

/** pg's parsers, with `int8` read as a number instead of a string. */
function int8AsNumber(parsers: TypeParserLookup): TypeParserLookup {
  return (oid, format) => (oid === int8Oid ? (value: string): number => Number(value) : parsers(oid, format))
}

/** A pool on `url` with at most `maxConnections`; an idle connection the server closes is replaced quietly. */
export async function createPostgresPool(url: string, maxConnections: number): Promise<Pool> {
  const { default: pg } = await import('pg')
  const config: PoolConfig = {
    connectionString: url,
    max: maxConnections,
    connectionTimeoutMillis: postgresConnectTimeoutMs,
    query_timeout: postgresQueryTimeoutMs,
    // How the server lists the receiver's connections, unless the URL names them itself.
    ...(new URL(url).searchParams.has('application_name') ? {} : { application_name: 'fingerprint-segment' }),
    // bigint columns are epoch milliseconds and sequence numbers: well inside a double.
    types: { getTypeParser: int8AsNumber(pg.types.getTypeParser.bind(pg.types) as TypeParserLookup) as never },
  }
  const pool = new pg.Pool(config)
  pool.on('error', () => undefined)
  return pool
}
