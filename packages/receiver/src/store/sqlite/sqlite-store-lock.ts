/**
 * One SQLite file, one receiver: a receiver holds an exclusive SQLite lock on `<store>.lock` for as
 * long as it runs, so a second one on the same file refuses to start. The operating system drops
 * the lock when the process ends however it ends (SIGKILL, a crash), so nothing is ever stale.
 * Commands beside a receiver (`status`, `dead-letters`, `backfill`) do not take it.
 */
import BetterSqlite3 from 'better-sqlite3'
import { describeError } from '../../lib/describe-error'
import { StoreLockedError, StoreUnavailableError } from '../store-errors'
import { sqliteLockSchema, sqliteLockWrite } from './sqlite-sql'

/** The lock of a store file: `<path>.lock` beside it. */
export function sqliteLockPath(path: string): string {
  return `${path}.lock`
}

/** A lock held; `release` closes it (the process's exit does too). */
export interface SqliteStoreLock {
  release(): void
}

/**
 * Takes the lock of the store at `path`.
 *
 * @throws StoreLockedError when another receiver holds it; StoreUnavailableError when the lock file cannot be made
 */
export function lockSqliteStore(path: string, pid = process.pid, now = Date.now()): SqliteStoreLock {
  const lockPath = sqliteLockPath(path)
  let lock: BetterSqlite3.Database | undefined
  try {
    lock = new BetterSqlite3(lockPath, { timeout: 0 })
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.pragma('journal_mode = MEMORY')
    // In EXCLUSIVE locking mode the first write takes the file's exclusive lock and keeps it until close.
    lock.exec('BEGIN EXCLUSIVE')
    lock.exec(sqliteLockSchema)
    lock.prepare(sqliteLockWrite).run(pid, now)
    lock.exec('COMMIT')
  } catch (error) {
    lock?.close()
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new StoreLockedError(
        `Another receiver is running on the SQLite store ${path} (it holds ${lockPath}). One SQLite file is for one receiver: stop the other one, or run several receivers on one PostgreSQL database (--store postgres://...).`,
      )
    }
    throw new StoreUnavailableError(
      `The SQLite store ${path} cannot be opened: its lock ${lockPath}: ${describeError(error)}`,
    )
  }
  const held = lock
  return { release: () => held.close() }
}
