import { InvalidEventPayload } from '../segment/errors'
import { readEnvelope, type WebhookEnvelope } from '../envelope/read-envelope'
import { printableEventId } from '../envelope/event-id'
import { isSegmentTime } from '../segment/segment-time'
import type { FingerprintEvent } from './fingerprint-event'
import { readV3Event } from './read-v3-event'
import { readV4Event } from './read-v4-event'

/**
 * Reads a webhook's envelope into one `FingerprintEvent`, in the format the envelope says.
 *
 * @throws InvalidEventPayload when the event has no timestamp Segment can take (see `isSegmentTime`).
 */
export function eventFromEnvelope(envelope: WebhookEnvelope): FingerprintEvent {
  const event = envelope.format === 'v4' ? readV4Event(envelope) : readV3Event(envelope)
  if (!isSegmentTime(event.timestamp)) {
    const field =
      envelope.format === 'v4'
        ? '`timestamp` (epoch milliseconds)'
        : '`timestamp` (epoch milliseconds) or `time` (ISO-8601)'
    throw new InvalidEventPayload(
      `The Fingerprint ${envelope.format} event ${printableEventId(envelope.eventId)} has no valid ${field}: a time from 1970 to the year 9999 is needed.`,
    )
  }
  return event
}

/**
 * Reads a parsed Fingerprint webhook body of either format into one `FingerprintEvent`
 * (`readEnvelope`, then `eventFromEnvelope`).
 *
 * @throws InvalidEventPayload when the body is not a Fingerprint identification event.
 */
export function readFingerprintEvent(body: unknown): FingerprintEvent {
  return eventFromEnvelope(readEnvelope(body))
}
