/**
 * Fingerprint's event ids (v4 `event_id`, v3 `requestId`): every rule about them is here. An id
 * names the event the Server API is asked for, and every call of the event carries it
 * (`messageId`, `context.fingerprint`), so an id of any other shape is refused before anything is
 * done with it, and printed only in a bounded, escaped form.
 */

/**
 * The ids Fingerprint issues today (v4 `event_id`, and v3 `requestId` for years): the time in epoch
 * milliseconds, a dot and a short random part, `1708102555327.NLOjmg`. The bounds leave room
 * around the observed 13 digits and 6 characters.
 */
const timestampedEventId = /^[0-9]{10,16}\.[A-Za-z0-9]{4,32}$/

/** The early v3 `requestId`s: about 20 letters and digits, `Px6VxbRC6WBkA39yeNH3`. */
const legacyRequestId = /^[A-Za-z0-9]{16,32}$/

/** The longest id either shape allows. */
export const maxEventIdLength = 49

/**
 * True for an id shaped like Fingerprint's: the only ids the pipeline reads, looks up or maps. The
 * shapes have no `/`, `.` or `..` segment and nothing to escape, so an id is safe in a URL path.
 */
export function isFingerprintEventId(id: string): boolean {
  return id.length <= maxEventIdLength && (timestampedEventId.test(id) || legacyRequestId.test(id))
}

/** How much of an id that is not Fingerprint's is shown (quoted, escaped) before the ellipsis. */
const shownPrefixLength = 32

/**
 * An id as it may appear in logs and error messages. The id comes from the webhook body, so it can
 * be anything up to the body's 512 KiB: Fingerprint-shaped ids are printed as they are; others are
 * quoted with control characters escaped and cut to a short prefix with their length, so one
 * webhook cannot flood the function's 4 KB of console output or forge log lines.
 */
export function printableEventId(id: string): string {
  if (isFingerprintEventId(id)) return id
  if (id.length <= shownPrefixLength) return JSON.stringify(id)
  return `${JSON.stringify(id.slice(0, shownPrefixLength))}... (${id.length} characters)`
}
