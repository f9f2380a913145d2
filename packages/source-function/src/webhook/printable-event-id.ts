/** Longest event id written as it is into a log line or an error message. */
export const maxPrintedEventIdLength = 64

/** What Fingerprint's own ids look like (`1708102555327.NLOjmg`): safe to print as they are. */
const plainEventId = /^[A-Za-z0-9._:-]+$/

/** How much of an unusual or long id is shown (quoted, escaped) before the ellipsis. */
const shownPrefixLength = 32

/**
 * An event id (v3 `requestId`, v4 `event_id`) as it may appear in logs and error messages. The id
 * comes from the webhook body, so it can be anything up to the body's 512 KiB: Fingerprint-shaped
 * ids are printed as they are; others are quoted with control characters escaped and cut to a
 * short prefix with their length, so one webhook cannot flood the function's 4 KB of console
 * output or forge log lines.
 */
export function printableEventId(id: string): string {
  if (id.length <= maxPrintedEventIdLength && plainEventId.test(id)) return id
  if (id.length <= shownPrefixLength) return JSON.stringify(id)
  return `${JSON.stringify(id.slice(0, shownPrefixLength))}... (${id.length} characters)`
}
