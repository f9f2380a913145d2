import { expectIdentifier, expectObject, expectString, type FieldReport } from '../fields/field-checks'
import { nestsDeeperThan, type JsonObject } from '../json'

/** A spec that cannot become a call: the call is dropped with this message, the others still go out. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError'
}

/** A failed check drops the call; the value is described by its type only (no customer data in logs). */
const report: FieldReport = { fail: (detail) => new InvalidSpecError(`${detail}.`) }

/** The spec as an object (`undefined` and `null` read as `{}`). */
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

/** An optional traits/properties/context object, nested at most `maxNestingDepth` levels. */
export function readObjectField(spec: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = spec[key]
  if (value === undefined || value === null) return undefined
  const object = expectObject(value, `${path}.${key}`, report)
  if (nestsDeeperThan(object, maxNestingDepth))
    throw new InvalidSpecError(`${path}.${key} nests more than ${maxNestingDepth} levels deep.`)
  return object
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
