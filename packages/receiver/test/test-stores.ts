/**
 * Fresh, empty stores for the tests, of each engine: an SQLite file in a temporary folder, and a
 * new schema on the PostgreSQL server named by FINGERPRINT_SEGMENT_TEST_POSTGRES_URL (`npm test`
 * starts a throwaway server and sets it: scripts/with-postgres.sh).
 *
 * Without that variable the PostgreSQL tests are skipped with a message saying so, except under
 * CI or `npm test` (CI, FINGERPRINT_SEGMENT_REQUIRE_POSTGRES), where its absence is an error.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export type StoreEngine = 'sqlite' | 'postgres'

export const postgresUrlVariable = 'FINGERPRINT_SEGMENT_TEST_POSTGRES_URL'
const postgresUrl = process.env[postgresUrlVariable]?.trim() ?? ''
const postgresRequired = isSet(process.env.CI) || isSet(process.env.FINGERPRINT_SEGMENT_REQUIRE_POSTGRES)

if (postgresUrl === '' && postgresRequired) {
  throw new Error(
    `${postgresUrlVariable} is not set, and the PostgreSQL store's tests must run here (CI or npm test): run them through scripts/with-postgres.sh.`,
  )
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false'
}

/** One engine the store-dependent tests run against. */
export interface TestStoreEngine {
  readonly engine: StoreEngine
  /** Set when this engine's tests cannot run here: why, and how to run them. */
  readonly skipReason: string | undefined
  /** A vitest title: the engine, and why it is skipped when it is. */
  readonly title: string
}

const skipPostgres =
  postgresUrl === ''
    ? `${postgresUrlVariable} is not set; run \`bash scripts/with-postgres.sh pnpm exec vitest run\` at the repository root, or \`npm test\``
    : undefined

/** Both engines; the PostgreSQL one is skipped (with its reason) when no server is given. */
export const testStoreEngines: readonly TestStoreEngine[] = [
  { engine: 'sqlite', skipReason: undefined, title: 'sqlite' },
  {
    engine: 'postgres',
    skipReason: skipPostgres,
    title: skipPostgres === undefined ? 'postgres' : `postgres (SKIPPED: ${skipPostgres})`,
  },
]

if (skipPostgres !== undefined) {
  console.warn(`PostgreSQL store tests SKIPPED: ${skipPostgres}.`)
}

const created: { engine: StoreEngine; location: string }[] = []

/** The location (`sqlite:<path>` or a PostgreSQL URL) of a new, empty store. */
export async function createTestStoreLocation(engine: StoreEngine): Promise<string> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fingerprint-segment-store-'))
    const location = `sqlite:${join(dir, 'queue.db')}`
    created.push({ engine, location: dir })
    return location
  }
  if (postgresUrl === '') throw new Error(`${postgresUrlVariable} is not set`)
  // A schema of its own in the server's database: as isolated as a database, and made in no time.
  const schema = `fs_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  await queryTestPostgres(postgresUrl, `CREATE SCHEMA ${schema}`)
  created.push({ engine, location: schema })
  const url = new URL(postgresUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  // Names its connections, so a test can end them (playing a receiver that dies).
  url.searchParams.set('application_name', schema)
  return url.toString()
}

/** Deletes every store `createTestStoreLocation` made in this test file (call in `afterAll`). */
export async function removeTestStores(): Promise<void> {
  for (const store of created.splice(0)) {
    if (store.engine === 'sqlite') {
      rmSync(store.location, { recursive: true, force: true })
      continue
    }
    await queryTestPostgres(postgresUrl, `DROP SCHEMA IF EXISTS ${store.location} CASCADE`)
  }
}

/** The connections of a test store, by the application_name its URL carries. */
export function testStoreConnections(url: string): string {
  return `application_name = '${new URL(url).searchParams.get('application_name') ?? ''}'`
}

/** Runs a query on a test store's PostgreSQL database (to play a connection that dies). */
export async function queryTestPostgres<Row extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return (await client.query<Row>(text, values)).rows
  } finally {
    await client.end()
  }
}
