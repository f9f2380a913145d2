import { ValidationError } from '../errors'
import { nestsDeeperThan, utf8ByteLength } from '../json'
import type { FingerprintEvent } from '../webhook/fingerprint-event'

/** Fingerprint's documented limit on an identification's tag. */
export const maxTagBytes = 16 * 1024

/**
 * How deeply a tag may nest. A 16 KB tag can nest about 8,000 levels, enough to overflow the stack
 * of anything that copies or serializes it (how deep depends on the runtime's stack, so the limit
 * is checked first, without recursion). The Segment payload and its specs sit 4 levels down; the
 * customer's traits, properties and context may nest 64 more (`maxNestingDepth`).
 */
export const maxTagNestingDepth = 128

/**
 * Rejects an event whose tag is bigger, or nests deeper, than a real tag: such a tag did not come
 * through Fingerprint unaltered.
 *
 * @throws ValidationError with the tag's size or depth and the limit.
 */
export function assertTagSize(event: FingerprintEvent): void {
  if (event.tag === undefined || event.tag === null) return
  const tagName = event.format === 'v4' ? 'tags' : 'tag'
  if (nestsDeeperThan(event.tag, maxTagNestingDepth)) {
    throw new ValidationError(`The event's ${tagName} nests more than ${maxTagNestingDepth} levels deep.`)
  }
  const bytes = utf8ByteLength(JSON.stringify(event.tag))
  if (bytes > maxTagBytes) {
    throw new ValidationError(
      `The event's ${tagName} is ${bytes} bytes, over Fingerprint's ${maxTagBytes}-byte tag limit.`,
    )
  }
}
