/** Where the receiver keeps its queue, as the `--store` option writes it. */
export type StoreLocation =
  /** An SQLite file, created when missing (`sqlite:./fingerprint-segment.db`). */
  | { readonly engine: 'sqlite'; readonly path: string }
  /** A PostgreSQL database several receivers may share (`postgres://user:password@host:5432/db`). */
  | { readonly engine: 'postgres'; readonly url: string }

/** The default store: an SQLite file in the working directory. */
export const defaultStoreLocation = 'sqlite:./fingerprint-segment.db'

/**
 * Reads a store location: `sqlite:<path>` or a `postgres://` / `postgresql://` URL.
 *
 * @throws TypeError saying what is expected
 */
export function parseStoreLocation(text: string): StoreLocation {
  const trimmed = text.trim()
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length)
    if (path === '' || path === ':memory:') {
      throw new TypeError(
        'An SQLite store needs a file path (sqlite:<path>); a store in memory would not survive a restart.',
      )
    }
    return { engine: 'sqlite', path }
  }
  if (/^postgres(ql)?:\/\//.test(trimmed)) {
    let url: URL
    try {
      url = new URL(trimmed)
    } catch {
      throw new TypeError(
        'The PostgreSQL store URL cannot be read; expected postgres://user:password@host:port/database.',
      )
    }
    if (url.hostname === '' && !url.searchParams.has('host')) {
      throw new TypeError(
        'The PostgreSQL store URL names no host; expected postgres://user:password@host:port/database.',
      )
    }
    return { engine: 'postgres', url: trimmed }
  }
  throw new TypeError('A store is sqlite:<path> or a postgres:// URL.')
}

/** A location as logs and status show it: the password of a PostgreSQL URL replaced by `***`. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.engine === 'sqlite') return `sqlite:${location.path}`
  const url = new URL(location.url)
  if (url.password !== '') url.password = '***'
  return url.toString()
}
