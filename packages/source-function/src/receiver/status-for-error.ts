import { isSegmentError } from '../errors'
import { BodyTooLargeError } from './read-raw-body'

/** The HTTP answer for a webhook that failed before anything was forwarded. */
export interface ErrorAnswer {
  status: 400 | 401 | 413 | 500 | 503
  message: string
}

/** Names a signature failure may carry if the checks ever throw a dedicated class. */
const signatureErrorNames: ReadonlySet<string> = new Set(['WebhookSignatureError', 'SignatureError', 'InvalidSignatureError'])

/**
 * True for a refused `FPJS-Event-Signature`: a dedicated error class, or a `ValidationError`
 * about that header (every signature message of `processWebhook` names it).
 */
export function isSignatureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (signatureErrorNames.has(error.name)) return true
  return error.name === 'ValidationError' && /FPJS-Event-Signature/i.test(error.message)
}

/**
 * 413 for an oversized body, 401 for a missing or wrong signature, 400 for any other rule the
 * webhook breaks (`ValidationError`, `InvalidEventPayload`), 503 for `RetryError` (Fingerprint
 * retries), 500 for anything unexpected.
 */
export function statusForError(error: unknown): ErrorAnswer {
  if (error instanceof BodyTooLargeError) return { status: 413, message: error.message }
  if (isSignatureError(error)) return { status: 401, message: (error as Error).message }
  if (isSegmentError(error)) return { status: error.name === 'RetryError' ? 503 : 400, message: error.message }
  return { status: 500, message: 'The receiver failed unexpectedly; see its logs.' }
}
