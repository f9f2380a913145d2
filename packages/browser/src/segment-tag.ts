import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentTag } from './agent-types'
import { isPlainObject } from './merge'

/** The tag fields of both agents' `get()` options. */
export interface TagFields {
  tag?: unknown
  tags?: unknown
}

/**
 * Which option carries the tag: `tags` when the caller set it (the v4 agent reads it before
 * `tag`), otherwise `tag` (read by the v3 agent, and by the v4 agent when `tags` is absent).
 */
export function tagField(options: TagFields): 'tag' | 'tags' {
  return options.tags === undefined ? 'tag' : 'tags'
}

/** The tag as an object: a simple value is wrapped as `{ tag: value }`, as Fingerprint does itself. */
function asTagObject(tag: unknown): SegmentTag {
  if (tag === undefined || tag === null) return {}
  return isPlainObject(tag) ? tag : { tag }
}

/** The Segment payload the caller already put in the tag, if any. */
export function callerSegment(options: TagFields): SegmentIntegration | undefined {
  const integrations = asTagObject(options[tagField(options)]).integrations
  const segment: unknown = isPlainObject(integrations) ? integrations.segment : undefined
  return isPlainObject(segment) ? segment : undefined
}

/**
 * Returns a copy of `options` whose tag carries `segment` at `integrations.segment`, keeping
 * every other tag key, every other integration and every other option (e.g. `linkedId`).
 */
export function withSegmentTag<O extends TagFields>(options: O, segment: SegmentIntegration): O {
  const field = tagField(options)
  const tag = asTagObject(options[field])
  const integrations = isPlainObject(tag.integrations) ? tag.integrations : {}
  return { ...options, [field]: { ...tag, integrations: { ...integrations, segment } } }
}
