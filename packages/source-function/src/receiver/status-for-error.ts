import { isSegmentError, WebhookSignatureError } from '../errors'
import { BodyTimeoutError, BodyTooLargeError } from './read-raw-body'

/** The HTTP answer for a webhook that failed before anything was forwarded. */
export interface ErrorAnswer {
  status: 400 | 401 | 408 | 413 | 500 | 503
  message: string
}

/**
 * 413 for an oversized body, 408 for a body that did not arrive in time, 401 for a missing or wrong signature, 400 for any other rule the
 * webhook breaks (`ValidationError`, `InvalidEventPayload`), 503 for `RetryError` (Fingerprint
 * retries), 500 for anything unexpected.
 */
export function statusForError(error: unknown): ErrorAnswer {
  if (error instanceof BodyTooLargeError) return { status: 413, message: error.message }
  if (error instanceof BodyTimeoutError) return { status: 408, message: error.message }
  if (error instanceof WebhookSignatureError) return { status: 401, message: error.message }
  if (isSegmentError(error)) return { status: error.name === 'RetryError' ? 503 : 400, message: error.message }
  return { status: 500, message: 'The receiver failed unexpectedly; see its logs.' }
}
