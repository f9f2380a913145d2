/**
 * What goes wrong with a store, as errors the receiver tells apart: a webhook is answered 503 for
 * any of them; readiness fails while the store cannot write, for good when it is damaged; a second
 * receiver on one SQLite file refuses to start.
 */

/** The store could not commit or read (disk full, database down); the webhook is answered 503. */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError'
}

/**
 * The store's file is damaged (a page overwritten, a truncated file): it refuses to start, and a
 * receiver that meets the damage later stops delivering and fails readiness until it is repaired.
 */
export class StoreCorruptError extends StoreUnavailableError {
  override readonly name: string = 'StoreCorruptError'
}

/** Another receiver holds the SQLite file (one file, one receiver; PostgreSQL for several). */
export class StoreLockedError extends StoreUnavailableError {
  override readonly name: string = 'StoreLockedError'
}
