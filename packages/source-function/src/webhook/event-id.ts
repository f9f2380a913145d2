/**
 * Fingerprint's event ids (v4 `event_id`, v3 `requestId`): `1708102555327.NLOjmg`, a timestamp and
 * a short random part. Every call of an event carries its id (`messageId`, `context.fingerprint`),
 * so an absurd id is refused before anything else is done with it.
 */

/**
 * The longest event id taken: five times Fingerprint's own (20 characters). Anything longer did not
 * come from Fingerprint, and would only make every call and log line of the event longer.
 */
export const maxEventIdLength = 100

/** What Fingerprint's event ids look like: letters, digits, `.`, `_` and `-` (safe in a URL path). */
const eventIdPattern = /^[A-Za-z0-9._-]+$/

/** True for an id shaped like Fingerprint's (at most `maxEventIdLength` such characters): what may be looked up. */
export function isFingerprintEventId(id: string): boolean {
  return id.length <= maxEventIdLength && eventIdPattern.test(id)
}
