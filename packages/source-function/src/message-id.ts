import { sha256, toHex, utf8Bytes } from './crypto/sha256'

/** Segment's limit on `messageId`. */
export const maxMessageIdLength = 100

const prefix = 'fp-'
const safeId = /^[A-Za-z0-9._-]+$/
/** The longest call key (`identify`), which every readable messageId must leave room for. */
const longestCallKey = 8

/**
 * What every messageId of one Fingerprint event starts with: `fp-<requestId>-` when the id is
 * plain and short enough, otherwise `fp-<SHA-256 of the id>-`. Computed once per event; the id is
 * at most `maxEventIdLength` characters, so hashing it is cheap. The hash is over the id's exact
 * UTF-16 content (lone surrogates kept, see `utf8Bytes`), so different ids never share messageIds.
 */
export function messageIdPrefix(requestId: string): string {
  const readable = `${prefix}${requestId}-`
  if (readable.length + longestCallKey <= maxMessageIdLength && safeId.test(requestId)) return readable
  return `${prefix}${toHex(sha256(utf8Bytes(requestId, true)))}-`
}

/**
 * A deterministic messageId for one call made from one Fingerprint event: the same webhook
 * delivered twice (Fingerprint retries once, 5 minutes later) yields the same ids, and Segment
 * drops the repeats. Readable (`fp-<requestId>-<call>`) when the id is short and plain, otherwise
 * `fp-<sha256>-<call>`; never longer than 100 characters.
 */
export function deterministicMessageId(requestId: string, callKey: string): string {
  return `${messageIdPrefix(requestId)}${callKey}`
}
