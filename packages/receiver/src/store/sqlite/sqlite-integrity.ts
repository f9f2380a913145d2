/**
 * A damaged SQLite file is found at start (`PRAGMA quick_check`, which reads every page) and
 * refused with the commands to inspect and recover it; damage met later (SQLITE_CORRUPT from any
 * statement) is reported as `StoreCorruptError`, which fails the receiver's readiness.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { StoreCorruptError } from '../store-errors'

/** The SQLite result codes that mean a damaged file, or not an SQLite file at all. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
}

/** What to tell the operator about the damaged store at `path`: what was found, and what to run. */
export function corruptStoreMessage(path: string, found: string): string {
  const quoted = `'${path.replace(/'/g, `'\\''`)}'`
  return [
    `The SQLite store ${path} cannot be opened: it is damaged (${found}).`,
    `The receiver will not use it: calls could be lost or sent twice.`,
    `Inspect it with: sqlite3 ${quoted} 'PRAGMA integrity_check'.`,
    `Keep a copy, then recover what can be read into a new file: sqlite3 ${quoted} .recover | sqlite3 ${quoted.replace(/'$/, `.recovered'`)}, and start on it (or move the damaged file aside to start with an empty store).`,
  ].join(' ')
}

/** Most problems quoted from `quick_check`. */
const quotedProblems = 3

/**
 * Reads every page of the open database.
 *
 * @throws StoreCorruptError naming the first problems and the commands to run
 */
export function checkSqliteIntegrity(db: BetterSqlite3.Database, path: string): void {
  let problems: string[]
  try {
    problems = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check)
  } catch (error) {
    if (!isCorruptionError(error)) throw error
    throw new StoreCorruptError(corruptStoreMessage(path, error instanceof Error ? error.message : String(error)))
  }
  if (problems.length === 1 && problems[0] === 'ok') return
  const shown = problems.slice(0, quotedProblems).join('; ')
  const more = problems.length > quotedProblems ? `; and ${problems.length - quotedProblems} more` : ''
  throw new StoreCorruptError(corruptStoreMessage(path, `PRAGMA quick_check: ${shown}${more}`))
}
