import { ValidationError } from '../errors'
import { utf8ByteLength } from '../json'
import type { FingerprintEvent } from '../webhook/fingerprint-event'

/** Fingerprint's documented limit on an identification's tag. */
export const maxTagBytes = 16 * 1024

/**
 * Rejects an event whose tag is bigger than Fingerprint's agents allow: such a tag did not come
 * through Fingerprint unaltered.
 *
 * @throws ValidationError with the tag's size and the limit.
 */
export function assertTagSize(event: FingerprintEvent): void {
  if (event.tag === undefined || event.tag === null) return
  const bytes = utf8ByteLength(JSON.stringify(event.tag) ?? '')
  if (bytes > maxTagBytes) {
    const tagName = event.format === 'v4' ? 'tags' : 'tag'
    throw new ValidationError(`The event's ${tagName} is ${bytes} bytes, over Fingerprint's ${maxTagBytes}-byte tag limit.`)
  }
}
