import { maxEventIdLength } from '../envelope/event-id'
import { segmentLimits } from '../segment/limits'

const prefix = 'fp-'

/**
 * What every messageId of one Fingerprint event starts with: `fp-<event id>-`. The same webhook
 * delivered twice (Fingerprint retries once, 5 minutes later) gives the same messageIds, and
 * Segment drops the repeats. Event ids are Fingerprint-shaped (`readEnvelope` refuses others):
 * letters, digits and one dot, at most `maxEventIdLength` characters, so the messageId is readable
 * and within Segment's 100 characters with any call key (`maxCallKeyLength`).
 */
export function messageIdPrefix(eventId: string): string {
  return `${prefix}${eventId}-`
}

/** The longest call key a messageId may end with. */
export const maxCallKeyLength = segmentLimits.messageIdLength - prefix.length - maxEventIdLength - 1
