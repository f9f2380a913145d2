import { ValidationError } from '../segment/errors'
import type { FingerprintEvent } from '../event/fingerprint-event'
import { printableEventId } from '../envelope/event-id'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const floor = Math.floor

/**
 * How far ahead of the function's clock an event's timestamp may be. Fingerprint's and Segment's
 * servers both keep synchronized clocks; five minutes absorbs any drift between them without
 * letting a forged far-future timestamp dodge the age limit.
 */
export const allowedClockSkewSeconds = 300

/**
 * Rejects an event older than `maxEventAgeSeconds`, or from too far in the future, measured from
 * the identification's own timestamp. `maxEventAgeSeconds` 0 turns the age limit off (e.g. to
 * backfill old events); the future bound always applies: no clock is that far behind.
 *
 * @param now the current time in epoch milliseconds (passed in; nothing here reads a clock).
 * @throws ValidationError naming the event, its age and the limit.
 */
export function assertEventFresh(event: FingerprintEvent, now: number, maxEventAgeSeconds: number): void {
  const ageSeconds = floor((now - event.timestamp) / 1000)
  if (maxEventAgeSeconds > 0 && ageSeconds > maxEventAgeSeconds) {
    throw new ValidationError(
      `Event ${printableEventId(event.requestId)} happened ${ageSeconds} s ago, over the maxEventAgeSeconds limit of ${maxEventAgeSeconds} s (a stale or replayed webhook).`,
    )
  }
  if (-ageSeconds > allowedClockSkewSeconds) {
    throw new ValidationError(
      `Event ${printableEventId(event.requestId)} is timestamped ${-ageSeconds} s in the future, more than the ${allowedClockSkewSeconds} s clock skew allowed.`,
    )
  }
}

/** True when Fingerprint marks the identification as a replay of an earlier one. */
export function isReplayedEvent(event: FingerprintEvent): boolean {
  return event.replayed === true
}
