/** Every statement of the PostgreSQL store, in one place. Tables live in the URL's `search_path`. */

/** The version of the tables below, in `fingerprint_segment_schema`. */
export const postgresSchemaVersion = 1
/** Taken while the tables are created, so receivers starting together do not race. */
export const postgresSchemaLockKey = 7_311_940_211

export const postgresSchema = `
CREATE TABLE IF NOT EXISTS fingerprint_segment_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS fingerprint_segment_calls (
  seq bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  event_id text NOT NULL,
  stored_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'waiting',
  settled_at bigint,
  last_error text,
  body text
);
CREATE INDEX IF NOT EXISTS fingerprint_segment_calls_waiting ON fingerprint_segment_calls (seq) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS fingerprint_segment_calls_stored_at ON fingerprint_segment_calls (stored_at);
CREATE TABLE IF NOT EXISTS fingerprint_segment_dead_letters (
  message_id text PRIMARY KEY,
  event_id text NOT NULL,
  body text NOT NULL,
  reason text NOT NULL,
  stored_at bigint NOT NULL,
  failed_at bigint NOT NULL,
  attempts integer NOT NULL
);
CREATE INDEX IF NOT EXISTS fingerprint_segment_dead_letters_failed_at ON fingerprint_segment_dead_letters (failed_at);
CREATE TABLE IF NOT EXISTS fingerprint_segment_write_probe (id integer PRIMARY KEY CHECK (id = 1), at bigint NOT NULL);
`

export const postgresSql = {
  lockSchema: 'SELECT pg_advisory_xact_lock($1)',
  readSchemaVersion: 'SELECT max(version) AS version FROM fingerprint_segment_schema',
  writeSchemaVersion: 'INSERT INTO fingerprint_segment_schema (version) VALUES ($1)',

  insertCalls: `
INSERT INTO fingerprint_segment_calls (message_id, event_id, body, stored_at)
SELECT message_id, event_id, body, $4::bigint FROM unnest($1::text[], $2::text[], $3::text[]) AS c(message_id, event_id, body)
ON CONFLICT (message_id) DO NOTHING
RETURNING message_id`,

  /** A claim: the transaction stays open while its calls are sent; `idle_in_transaction_session_timeout` ends a hung one. */
  beginClaim: (idleTimeoutMs: number) =>
    `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(idleTimeoutMs)}`,
  claimCalls: `
SELECT seq, message_id, event_id, body, stored_at, attempts FROM fingerprint_segment_calls
WHERE state = 'waiting' ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,

  markDelivered: `
UPDATE fingerprint_segment_calls SET state = 'delivered', body = NULL, settled_at = $2
WHERE seq = ANY($1::bigint[]) AND state = 'waiting'`,

  moveToDeadLetters: `
WITH dead AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS d(seq, reason)),
letters AS (
  INSERT INTO fingerprint_segment_dead_letters (message_id, event_id, body, reason, stored_at, failed_at, attempts)
  SELECT c.message_id, c.event_id, c.body, dead.reason, c.stored_at, $3, c.attempts + 1
  FROM fingerprint_segment_calls c JOIN dead USING (seq) WHERE c.state = 'waiting'
  ON CONFLICT (message_id) DO NOTHING
)
UPDATE fingerprint_segment_calls c SET state = 'dead', body = NULL, settled_at = $3 FROM dead
WHERE c.seq = dead.seq AND c.state = 'waiting'`,

  markFailed: `
UPDATE fingerprint_segment_calls SET attempts = attempts + 1, last_error = $2
WHERE seq = ANY($1::bigint[]) AND state = 'waiting'`,

  purgeSettled: `
DELETE FROM fingerprint_segment_calls WHERE seq IN (
  SELECT seq FROM fingerprint_segment_calls WHERE stored_at < $1 AND state <> 'waiting' LIMIT $2 FOR UPDATE SKIP LOCKED
)`,

  purgeDeadLetters: `
DELETE FROM fingerprint_segment_dead_letters WHERE message_id IN (
  SELECT message_id FROM fingerprint_segment_dead_letters WHERE failed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
)`,

  readStats: `
SELECT
  (SELECT count(*) FROM fingerprint_segment_calls WHERE state = 'waiting') AS queued,
  (SELECT stored_at FROM fingerprint_segment_calls WHERE state = 'waiting' ORDER BY seq LIMIT 1) AS oldest,
  (SELECT count(*) FROM fingerprint_segment_dead_letters) AS dead_letters`,

  writeProbe: `
INSERT INTO fingerprint_segment_write_probe (id, at) VALUES (1, $1)
ON CONFLICT (id) DO UPDATE SET at = excluded.at`,

  /** `where` from `deadLetterWhere`, its parameters numbered from 1; the limit after them. */
  listDeadLetters: (where: string, limitParameter: string) => `
SELECT message_id, event_id, body, reason, stored_at, failed_at, attempts FROM fingerprint_segment_dead_letters
WHERE ${where} ORDER BY failed_at DESC, message_id LIMIT ${limitParameter}`,

  /** Back in the queue in one statement: the letters taken out, their calls rows waiting again. */
  requeueDeadLetters: (where: string) => `
WITH letters AS (DELETE FROM fingerprint_segment_dead_letters WHERE ${where} RETURNING message_id, event_id, body, stored_at)
INSERT INTO fingerprint_segment_calls (message_id, event_id, body, stored_at, attempts)
SELECT message_id, event_id, body, stored_at, 0 FROM letters
ON CONFLICT (message_id) DO UPDATE SET state = 'waiting', body = excluded.body, settled_at = NULL, attempts = 0, last_error = NULL`,

  deleteDeadLetters: (where: string) => `DELETE FROM fingerprint_segment_dead_letters WHERE ${where}`,
} as const
