/** A fresh PostgreSQL store (its own schema) on the server of FINGERPRINT_SEGMENT_TEST_POSTGRES_URL, for the bench and the soak. */
import pg from 'pg'

/** The store's URL, or `undefined` when no server is given. */
export async function freshPostgresStore(name: string): Promise<string | undefined> {
  const server = process.env.FINGERPRINT_SEGMENT_TEST_POSTGRES_URL?.trim() ?? ''
  if (server === '') return undefined
  const schema = `fs_bench_${name}_${process.pid}_${Date.now().toString(36)}`
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await client.end()
  }
  const url = new URL(server)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}
