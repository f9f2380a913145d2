import { WebhookAuthenticationError } from '@fingerprint-segment/source-function'
import { isSegmentError } from '@fingerprint-segment/source-function/internal'
import type { EnqueueResult } from '../store/call-store'
import { StoreUnavailableError } from '../store/store-errors'
import type { SegmentCallsResult } from '@fingerprint-segment/source-function'
import { printableEventId } from '@fingerprint-segment/source-function/internal'
import { BodyTimeoutError, BodyTooLargeError } from './read-raw-body'
import type { ReceiverLogEntry } from '../lib/receiver-log'

/** How one webhook is answered: the HTTP status and JSON body, and its log entry. */
export interface WebhookAnswer {
  status: number
  body: Record<string, unknown>
  /** Fields of the webhook's log entry besides `event`, `status` and `durationMs`. */
  log: Pick<ReceiverLogEntry, 'level'> & Partial<ReceiverLogEntry>
  /** The connection is closed after the answer (a refused body may still be arriving). */
  closeConnection: boolean
}

/**
 * The answer to a webhook that was mapped: 200 once its calls are committed to the store (`stored`;
 * the deliverer sends them from there), or at once when there is nothing to forward. A copy of a
 * webhook already stored is answered 200 too: its calls are not stored twice (`duplicates`).
 */
export function answerForResult(result: SegmentCallsResult, stored: EnqueueResult | undefined): WebhookAnswer {
  // Bounded: the id comes from the body and goes into the log and the answer.
  const requestId = printableEventId(result.event.requestId)
  const mapping = {
    requestId,
    mapping: result.status,
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
  }
  const calls = result.calls.length
  if (calls === 0 || stored === undefined) {
    return {
      status: 200,
      body: { status: 'nothing to forward', requestId, calls: 0 },
      log: { level: 'info', calls: 0, ...mapping },
      closeConnection: false,
    }
  }
  return {
    status: 200,
    body: { status: 'stored', requestId, calls, duplicates: stored.duplicates },
    log: { level: 'info', calls, ...(stored.duplicates > 0 ? { duplicates: stored.duplicates } : {}), ...mapping },
    closeConnection: false,
  }
}

/**
 * The answer to a webhook that was not stored: 413 for an oversized body, 408 for a body that did
 * not arrive in time, 401 for a missing or wrong signature, 400 for any other rule the webhook
 * breaks (`ValidationError`, `InvalidEventPayload`: Fingerprint's retry would fail the same way),
 * 503 for `RetryError` (the Server API cannot answer now) and for a store that could not commit in
 * time (Fingerprint retries both), and 500 for anything unexpected (a bug: Fingerprint retries
 * once, and the log has the cause).
 *
 * @param claimedEventId the event id the body claims, if it could be read (for the log)
 */
export function answerForError(error: unknown, claimedEventId?: string): WebhookAnswer {
  const requestId = claimedEventId === undefined ? {} : { requestId: printableEventId(claimedEventId) }
  const refuse = (status: number, message: string, closeConnection = false): WebhookAnswer => ({
    status,
    body: { error: message },
    log: { level: status >= 500 ? 'error' : 'warn', message, ...requestId },
    closeConnection,
  })
  if (error instanceof BodyTooLargeError) return refuse(413, error.message, true)
  if (error instanceof BodyTimeoutError) return refuse(408, error.message, true)
  if (error instanceof WebhookAuthenticationError) return refuse(401, error.message)
  if (error instanceof StoreUnavailableError) {
    return refuse(503, `The calls could not be stored (${error.message}); retry the same webhook.`)
  }
  if (isSegmentError(error)) return refuse(error.name === 'RetryError' ? 503 : 400, error.message)
  const answer = refuse(500, 'The receiver failed unexpectedly; see its logs.')
  answer.log.cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return answer
}
