import { ValidationError } from '../segment/errors'
import { inspectJson, jsonBytes, type JsonInspection } from '../lib/json-size'
import type { FingerprintEvent } from '../event/fingerprint-event'

/** Fingerprint's documented limit on an identification's tag. */
export const maxTagBytes = 16 * 1024

/**
 * How deeply a tag may nest. A 16 KB tag can nest about 8,000 levels, enough to overflow the stack
 * of anything that copies or serializes it (how deep depends on the runtime's stack, so the limit
 * is checked first, without recursion). The Segment payload and its specs sit 4 levels down; the
 * customer's traits, properties and context may nest 64 more (`maxNestingDepth`).
 */
export const maxTagNestingDepth = 128

/** What the tag check learnt about a tag that passed: how deep it nests, and whether it has prototype-reaching keys. */
export type TagFacts = Pick<JsonInspection, 'depth' | 'hasForbiddenKey'>

/** What an event without a tag has. */
const noTag: TagFacts = { depth: 0, hasForbiddenKey: false }

/**
 * Rejects an event whose tag is bigger, or nests deeper, than a real tag: such a tag did not come
 * through Fingerprint unaltered. Looks at the tag once (`inspectJson`); serializes it only when its
 * size is near the limit.
 *
 * @returns what the check learnt, so that the mapping copies customer data only when it must.
 * @throws ValidationError with the tag's size or depth and the limit.
 */
export function assertTagSize(event: FingerprintEvent): TagFacts {
  if (event.tag === undefined || event.tag === null) return noTag
  const tagName = event.format === 'v4' ? 'tags' : 'tag'
  const inspection = inspectJson(event.tag, maxTagNestingDepth, maxTagBytes)
  if (inspection.depth > maxTagNestingDepth) {
    throw new ValidationError(`The event's ${tagName} nests more than ${maxTagNestingDepth} levels deep.`)
  }
  if (inspection.bytesAtMost > maxTagBytes) {
    const over = inspection.bytesAtLeast > maxTagBytes
    const bytes = over ? inspection.bytesAtLeast : jsonBytes(event.tag)
    if (bytes > maxTagBytes) {
      throw new ValidationError(
        `The event's ${tagName} is ${over ? 'at least ' : ''}${bytes} bytes, over Fingerprint's ${maxTagBytes}-byte tag limit.`,
      )
    }
  }
  return inspection
}
