/** Every statement of the SQLite store, in one place (the engine prepares them; `sqlite-engine.ts`). */

/** The version of the tables below, in `PRAGMA user_version`. */
export const sqliteSchemaVersion = 1

export const sqliteSchema = `
CREATE TABLE IF NOT EXISTS calls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'waiting',
  settled_at INTEGER,
  last_error TEXT,
  -- Last: a call's JSON spans overflow pages, which a query reading the columns above never touches.
  body TEXT
);
CREATE INDEX IF NOT EXISTS calls_waiting ON calls (seq) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS calls_stored_at ON calls (stored_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  message_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  failed_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letters_failed_at ON dead_letters (failed_at);
-- One row, rewritten by checkWritable: the smallest write that needs the disk.
CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
`

export const sqliteSql = {
  insertCall:
    'INSERT INTO calls (message_id, event_id, body, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING',
  selectWaiting:
    "SELECT seq, message_id, event_id, body, stored_at, attempts FROM calls WHERE state = 'waiting' ORDER BY seq LIMIT ?",
  markDelivered:
    "UPDATE calls SET state = 'delivered', body = NULL, settled_at = ? WHERE seq = ? AND state = 'waiting'",
  markFailed: "UPDATE calls SET attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'waiting'",
  insertDeadLetter: `INSERT INTO dead_letters (message_id, event_id, body, reason, stored_at, failed_at, attempts)
       SELECT message_id, event_id, body, ?, stored_at, ?, attempts + 1 FROM calls WHERE seq = ? AND state = 'waiting'
     ON CONFLICT (message_id) DO NOTHING`,
  markDead: "UPDATE calls SET state = 'dead', body = NULL, settled_at = ? WHERE seq = ? AND state = 'waiting'",
  purgeSettled:
    "DELETE FROM calls WHERE seq IN (SELECT seq FROM calls INDEXED BY calls_stored_at WHERE stored_at < ? AND state <> 'waiting' LIMIT ?)",
  purgeDeadLetters:
    'DELETE FROM dead_letters WHERE message_id IN (SELECT message_id FROM dead_letters WHERE failed_at < ? LIMIT ?)',
  countWaiting: "SELECT count(*) AS count FROM calls WHERE state = 'waiting'",
  oldestWaiting: "SELECT stored_at FROM calls WHERE state = 'waiting' ORDER BY seq LIMIT 1",
  countDeadLetters: 'SELECT count(*) AS count FROM dead_letters',
  writeProbe: 'INSERT INTO write_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
  /** `where` from `deadLetterWhere` (its parameters numbered from 1, the limit after them). */
  listDeadLetters: (where: string, limitParameter: string) =>
    `SELECT message_id, event_id, body, reason, stored_at, failed_at, attempts FROM dead_letters WHERE ${where} ORDER BY failed_at DESC, message_id LIMIT ${limitParameter}`,
  /** Back in the queue: the calls row (kept as `dead`, or purged since) is waiting again, with the letter's body. */
  requeueDeadLetters: (where: string) => `INSERT INTO calls (message_id, event_id, body, stored_at, attempts)
       SELECT message_id, event_id, body, stored_at, 0 FROM dead_letters WHERE ${where}
     ON CONFLICT (message_id) DO UPDATE SET state = 'waiting', body = excluded.body, settled_at = NULL, attempts = 0, last_error = NULL`,
  deleteDeadLetters: (where: string) => `DELETE FROM dead_letters WHERE ${where}`,
} as const

/** The lock file's one table: who holds it (for nobody to read: its lock is the point). */
export const sqliteLockSchema = 'CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since INTEGER NOT NULL)'
export const sqliteLockWrite = 'INSERT INTO holder (pid, since) VALUES (?, ?)'
