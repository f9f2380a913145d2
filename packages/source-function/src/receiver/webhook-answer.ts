import { isSegmentError, WebhookSignatureError } from '../errors'
import type { SegmentCallsResult } from '../to-segment-calls'
import { printableEventId } from '../webhook/printable-event-id'
import { BodyTimeoutError, BodyTooLargeError } from './read-raw-body'
import type { ReceiverLogEntry } from './receiver-log'
import type { DeliveryOutcome } from './tracking-api-forwarder'

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
 * The answer to a webhook that was mapped: 200 when there was nothing to forward or the tracking
 * API accepted every call (`delivery`), 503 otherwise, so Fingerprint retries the same event
 * (deterministic messageIds make the retry safe).
 *
 * @param trackingUrl where the calls were posted, named in the log when they were not accepted
 */
export function answerForResult(
  result: SegmentCallsResult,
  delivery: DeliveryOutcome | undefined,
  trackingUrl: string,
): WebhookAnswer {
  // Bounded: the id comes from the body and goes into the log and the answer.
  const requestId = printableEventId(result.event.requestId)
  const mapping = {
    requestId,
    mapping: result.status,
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
  }
  const calls = result.calls.length
  if (calls === 0 || delivery === undefined) {
    return {
      status: 200,
      body: { status: 'nothing to forward', requestId, calls: 0 },
      log: { level: 'info', calls: 0, ...mapping },
      closeConnection: false,
    }
  }
  if (delivery.accepted) {
    return {
      status: 200,
      body: { status: 'accepted', requestId, calls },
      log: { level: 'info', calls, ...mapping },
      closeConnection: false,
    }
  }
  return {
    status: 503,
    body: { error: `Not accepted by the tracking API yet (${delivery.reason}); retry the same webhook.`, requestId },
    log: { level: 'warn', calls, message: `${delivery.reason} (${trackingUrl})`, trackingUrl, ...mapping },
    closeConnection: false,
  }
}

/**
 * The answer to a webhook that failed before anything was forwarded: 413 for an oversized body,
 * 408 for a body that did not arrive in time, 401 for a missing or wrong signature, 400 for any
 * other rule the webhook breaks (`ValidationError`, `InvalidEventPayload`: Fingerprint's retry
 * would fail the same way), 503 for `RetryError` (Fingerprint retries), and 500 for anything
 * unexpected (a bug: Fingerprint retries once, and the log has the cause).
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
  if (error instanceof WebhookSignatureError) return refuse(401, error.message)
  if (isSegmentError(error)) return refuse(error.name === 'RetryError' ? 503 : 400, error.message)
  const answer = refuse(500, 'The receiver failed unexpectedly; see its logs.')
  answer.log.cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return answer
}
