import { describeType, expectIdentifier, expectObject, expectString, type FieldReport } from '../../lib/value-checks'
import { copyObject, isPlainObject, nestsDeeperThan, type JsonObject } from '../../lib/json'
import type { TagFacts } from '../../security/tag-size'
import type { SegmentIntegrations } from '../../payload/segment-payload'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const objectKeys = Object.keys

/** A spec that cannot become a call: the call is dropped with this message, the others still go out. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError'
}

/** A failed check drops the call; the value is described by its type only (no customer data in logs). */
const report: FieldReport = { fail: (detail) => new InvalidSpecError(`${detail}.`) }

/**
 * The spec as an object (`undefined` and `null` read as `{}`). Its fields are read by their names
 * (`traits`, `event`, ...), none of which is an `Object.prototype` member: what such a member
 * holds (a function) fails every check anyway.
 */
export function readSpec(spec: unknown, path: string): JsonObject {
  if (spec === undefined || spec === null) return {}
  return expectObject(spec, path, report)
}

/**
 * How deeply the customer's traits, properties or context may nest. Far beyond real analytics
 * data, and far below the depth at which copying or serializing the call would overflow the stack
 * (a 16 KB tag can nest about 8,000 levels).
 */
export const maxNestingDepth = 64

/** How many levels of the tag are above a spec's fields: `tag` > `integrations` > `segment` > the spec. */
const levelsAboveSpecFields = 4

/**
 * An optional traits/properties/context/integrations object, nested at most `maxNestingDepth`
 * levels. `tag` says what the tag check found: the depth is measured only when the tag nests deep
 * enough for it to matter, and the object is copied (without prototype-reaching keys) only when
 * the tag has such keys; otherwise it is the tag's own object, shared with the call.
 */
export function readObjectField(spec: JsonObject, key: string, path: string, tag: TagFacts): JsonObject | undefined {
  const value = spec[key]
  if (value === undefined || value === null) return undefined
  const object = expectObject(value, `${path}.${key}`, report)
  if (tag.depth > levelsAboveSpecFields + maxNestingDepth && nestsDeeperThan(object, maxNestingDepth))
    throw new InvalidSpecError(`${path}.${key} nests more than ${maxNestingDepth} levels deep.`)
  return tag.hasForbiddenKey ? copyObject(object) : object
}

/**
 * An optional `integrations` object (Segment's per-call destination routing): each value `true`,
 * `false` or an object of that destination's options, as `readObjectField` reads objects.
 */
export function readIntegrationsField(spec: JsonObject, path: string, tag: TagFacts): SegmentIntegrations | undefined {
  const integrations = readObjectField(spec, 'integrations', path, tag)
  if (integrations === undefined) return undefined
  for (const destination of objectKeys(integrations)) {
    const value = integrations[destination]
    if (typeof value !== 'boolean' && !isPlainObject(value)) {
      throw new InvalidSpecError(
        `${path}.integrations must map each destination to true, false or an object of options, got ${describeType(value)}.`,
      )
    }
  }
  return integrations as SegmentIntegrations
}

/** An optional name/category string (`''` reads as absent). */
export function readTextField(spec: JsonObject, key: string, path: string): string | undefined {
  const value = spec[key]
  if (value === undefined || value === null) return undefined
  const text = expectString(value, `${path}.${key}`, report)
  return text === '' ? undefined : text
}

/** A required event name: a non-empty string. */
export function readRequiredName(spec: JsonObject, key: string, path: string): string {
  return expectString(spec[key], `${path}.${key}`, report, { nonEmpty: true })
}

/** A required id: a non-empty string, or a finite number (returned as a string). */
export function readRequiredId(spec: JsonObject, key: string, path: string): string {
  return expectIdentifier(spec[key], `${path}.${key}`, report)
}
