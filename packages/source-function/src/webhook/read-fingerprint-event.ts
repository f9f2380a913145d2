import { InvalidEventPayload } from '../errors'
import { isPlainObject } from '../json'
import { isSegmentTime } from '../segment-time'
import { maxEventIdLength } from './event-id'
import type { FingerprintEvent } from './fingerprint-event'
import { printableEventId } from './printable-event-id'
import { readV3Event } from './read-v3-event'
import { readV4Event } from './read-v4-event'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const isArray = Array.isArray

/**
 * Reads a parsed Fingerprint webhook body of either format into one `FingerprintEvent`.
 * The format is detected from the body: v4 carries `event_id`, v3 carries `requestId`.
 *
 * @throws InvalidEventPayload when the body is not a Fingerprint identification event: no event
 * id, one longer than `maxEventIdLength` (refused before anything else is read), or no timestamp
 * Segment can take (see `isSegmentTime`).
 */
export function readFingerprintEvent(body: unknown): FingerprintEvent {
  if (!isPlainObject(body)) {
    throw new InvalidEventPayload(`The webhook body must be a JSON object, got ${describe(body)}.`)
  }
  const eventId = body.event_id
  const requestId = body.requestId
  const format = typeof eventId === 'string' && eventId !== '' ? 'v4' : 'v3'
  const id = format === 'v4' ? eventId : requestId
  if (typeof id !== 'string' || id === '') {
    throw new InvalidEventPayload(
      'The webhook body is not a Fingerprint identification event: it has neither `event_id` (v4 webhook) nor `requestId` (v3 webhook) as a non-empty string.',
    )
  }
  if (id.length > maxEventIdLength) {
    throw new InvalidEventPayload(
      `The event id ${printableEventId(id)} is not a Fingerprint event id: it is over ${maxEventIdLength} characters long.`,
    )
  }
  const event = format === 'v4' ? readV4Event(body, id) : readV3Event(body, id)
  if (!isSegmentTime(event.timestamp)) {
    const field =
      format === 'v4' ? '`timestamp` (epoch milliseconds)' : '`timestamp` (epoch milliseconds) or `time` (ISO-8601)'
    throw new InvalidEventPayload(
      `The Fingerprint ${format} event ${printableEventId(id)} has no valid ${field}: a time from 1970 to the year 9999 is needed.`,
    )
  }
  return event
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object that is not a plain JSON object' : `a ${typeof value}`
}
