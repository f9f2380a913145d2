import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentTag } from '../agent-types'
import { isPlainObject } from '../plain-object'

/** The tag fields of both agents' `get()` options. */
export interface TagFields {
  tag?: unknown
  tags?: unknown
}

/**
 * The tag of `get()` options, as an object, and the option carrying it: `tags` when the caller set
 * it (the v4 agent reads it before `tag`), otherwise `tag` (read by the v3 agent, and by the v4
 * agent when `tags` is absent). A simple value is wrapped as `{ tag: value }`, as Fingerprint does.
 */
function readTag(options: TagFields): [field: 'tag' | 'tags', tag: SegmentTag, integrations: Record<string, unknown>] {
  const field = options.tags === undefined ? 'tag' : 'tags'
  const value = options[field]
  const tag: SegmentTag = value == null ? {} : isPlainObject(value) ? value : { tag: value }
  return [field, tag, isPlainObject(tag.integrations) ? tag.integrations : {}]
}

/** The Segment payload the caller already put in the tag, if any. */
export function callerSegment(options: TagFields): SegmentIntegration | undefined {
  const segment = readTag(options)[2].segment
  return isPlainObject(segment) ? segment : undefined
}

/**
 * Returns a copy of `options` whose tag carries `segment` at `integrations.segment`, keeping
 * every other tag key, every other integration and every other option (e.g. `linkedId`).
 */
export function withSegmentTag<O extends TagFields>(options: O, segment: SegmentIntegration): O {
  const [field, tag, integrations] = readTag(options)
  return { ...options, [field]: { ...tag, integrations: { ...integrations, segment } } }
}
