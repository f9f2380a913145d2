/**
 * The rows both SQL engines read (the same columns in SQLite and PostgreSQL), and the values the
 * store hands out for them.
 */
import { storedCallType, type DeadLetter, type StoredCall } from './call-store'

/** A row of the calls table, as claimed. */
export interface CallRow {
  seq: number
  message_id: string
  event_id: string
  body: string
  stored_at: number
  attempts: number
}

/** A row of the dead-letters table. */
export interface DeadLetterRow {
  message_id: string
  event_id: string
  body: string
  reason: string
  stored_at: number
  failed_at: number
  attempts: number
}

export function storedCallFromRow(row: CallRow): StoredCall {
  return {
    seq: row.seq,
    messageId: row.message_id,
    eventId: row.event_id,
    json: row.body,
    storedAt: row.stored_at,
    attempts: row.attempts,
  }
}

export function deadLetterFromRow(row: DeadLetterRow): DeadLetter {
  return {
    messageId: row.message_id,
    eventId: row.event_id,
    type: storedCallType(row.body),
    reason: row.reason,
    storedAt: row.stored_at,
    failedAt: row.failed_at,
    attempts: row.attempts,
  }
}
