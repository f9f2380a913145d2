import { InvalidEventPayload } from '../errors'
import { isPlainObject } from '../json'
import type { FingerprintEvent } from './fingerprint-event'
import { readV3Event } from './read-v3-event'
import { readV4Event } from './read-v4-event'
import { printableEventId } from './printable-event-id'

/**
 * Reads a parsed Fingerprint webhook body of either format into one `FingerprintEvent`.
 * The format is detected from the body: v4 carries `event_id`, v3 carries `requestId`.
 *
 * @throws InvalidEventPayload when the body is not a Fingerprint identification event.
 */
export function readFingerprintEvent(body: unknown): FingerprintEvent {
  if (!isPlainObject(body)) {
    throw new InvalidEventPayload(`The webhook body must be a JSON object, got ${describe(body)}.`)
  }
  const eventId = body.event_id
  const requestId = body.requestId
  let event: FingerprintEvent
  if (typeof eventId === 'string' && eventId !== '') event = readV4Event(body, eventId)
  else if (typeof requestId === 'string' && requestId !== '') event = readV3Event(body, requestId)
  else {
    throw new InvalidEventPayload(
      'The webhook body is not a Fingerprint identification event: it has neither `event_id` (v4 webhook) nor `requestId` (v3 webhook) as a non-empty string.',
    )
  }
  // Also refuses finite numbers beyond what a Date can hold (found by the fuzz tests).
  if (!Number.isFinite(new Date(event.timestamp).getTime())) {
    const field =
      event.format === 'v4'
        ? '`timestamp` (epoch milliseconds)'
        : '`timestamp` (epoch milliseconds) or `time` (ISO-8601)'
    throw new InvalidEventPayload(
      `The Fingerprint ${event.format} event ${printableEventId(event.requestId)} has no valid ${field}.`,
    )
  }
  return event
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object that is not a plain JSON object' : `a ${typeof value}`
}
