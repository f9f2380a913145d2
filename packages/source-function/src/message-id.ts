import { sha256, toHex, utf8Bytes } from './crypto/sha256'

/** Segment's limit on `messageId`. */
export const maxMessageIdLength = 100

const prefix = 'fp-'
const safeId = /^[A-Za-z0-9._-]+$/

/**
 * A deterministic messageId for one call made from one Fingerprint event: the same webhook
 * delivered twice (Fingerprint retries once, 5 minutes later) yields the same ids, and Segment
 * drops the repeats. Readable (`fp-<requestId>-<call>`) when the id is short and plain, otherwise
 * a SHA-256 digest; never longer than 100 characters.
 */
export function deterministicMessageId(requestId: string, callKey: string): string {
  const readable = `${prefix}${requestId}-${callKey}`
  if (safeId.test(requestId) && readable.length <= maxMessageIdLength) return readable
  return `${prefix}${toHex(sha256(utf8Bytes(`${requestId}\u0000${callKey}`)))}-${callKey}`.slice(0, maxMessageIdLength)
}
