import type { CallStore } from './call-store'
import { openPostgresCallStore, type PostgresCallStoreOptions } from './postgres/postgres-call-store'
import { openSqliteCallStore } from './sqlite/sqlite-call-store'
import { parseStoreLocation, type StoreLocation } from './store-location'

/** Options of `openCallStore`; those only one engine reads are ignored by the other. */
export type OpenCallStoreOptions = PostgresCallStoreOptions

/**
 * Opens the store at a location (`sqlite:<path>` or a `postgres://` URL). Each engine's driver is
 * loaded when its first store opens: the SQLite addon is never loaded for a PostgreSQL store.
 *
 * @throws TypeError for a location that is neither
 * @throws StoreUnavailableError when the store cannot be opened
 */
export function openCallStore(
  location: string | StoreLocation,
  options: OpenCallStoreOptions = {},
): Promise<CallStore> {
  const parsed = typeof location === 'string' ? parseStoreLocation(location) : location
  return parsed.engine === 'sqlite'
    ? openSqliteCallStore(parsed.path, options)
    : openPostgresCallStore(parsed.url, options)
}
