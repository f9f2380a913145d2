/**
 * The error classes Segment's Functions runtime understands. Inside Segment they are globals;
 * these local classes carry the same names so the pure mapping can run anywhere, and the
 * function entry re-throws them as the runtime's own classes (see `toRuntimeError`).
 */

/** The event is well-formed JSON but breaks a rule (a field of the wrong type, a bad signature). Segment: "Message Rejected". */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
}

/**
 * A webhook that is not shown to be authentic: a missing or wrong token or signature, or no
 * authentication configured for a webhook that would emit calls. Still a `ValidationError` to
 * Segment (same `name`), but its own class so a self-hosted receiver answers 401, not 400.
 */
export class WebhookAuthenticationError extends ValidationError {}

/** A missing or wrong `FPJS-Event-Signature` (a `WebhookAuthenticationError`). */
export class WebhookSignatureError extends WebhookAuthenticationError {}

/** The body is not a Fingerprint webhook at all (not JSON, not an object, no event id). Segment: "Message Rejected". */
export class InvalidEventPayload extends Error {
  override readonly name = 'InvalidEventPayload'
}

/** Segment retries the request later. */
export class RetryError extends Error {
  override readonly name = 'RetryError'
}

export type SegmentErrorName = 'ValidationError' | 'InvalidEventPayload' | 'RetryError'

const segmentErrorNames: ReadonlySet<string> = new Set<SegmentErrorName>([
  'ValidationError',
  'InvalidEventPayload',
  'RetryError',
])

/** True for the errors this package throws on purpose (as opposed to bugs). */
export function isSegmentError(error: unknown): error is ValidationError | InvalidEventPayload | RetryError {
  return error instanceof Error && segmentErrorNames.has(error.name)
}
