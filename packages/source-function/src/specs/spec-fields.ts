import { isPlainObject, nestsDeeperThan, type JsonObject } from '../json'
import { typeName } from '../payload/read-segment-integration'

/** A spec that cannot become a call: the call is dropped with this message, the others still go out. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError'
}

/** The spec as an object (`undefined` reads as `{}`). */
export function readSpec(spec: unknown, path: string): JsonObject {
  if (spec === undefined || spec === null) return {}
  if (!isPlainObject(spec)) throw new InvalidSpecError(`${path} must be an object, got ${typeName(spec)}.`)
  return spec
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
  if (!isPlainObject(value)) throw new InvalidSpecError(`${path}.${key} must be an object, got ${typeName(value)}.`)
  if (nestsDeeperThan(value, maxNestingDepth))
    throw new InvalidSpecError(`${path}.${key} nests more than ${maxNestingDepth} levels deep.`)
  return value
}

/** An optional name/category string. */
export function readTextField(spec: JsonObject, key: string, path: string): string | undefined {
  const value = spec[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new InvalidSpecError(`${path}.${key} must be a string, got ${typeName(value)}.`)
  return value === '' ? undefined : value
}

/** A required, non-empty identifier or event name (a finite number is accepted for ids). */
export function readRequiredName(spec: JsonObject, key: string, path: string, acceptNumber: boolean): string {
  const value = spec[key]
  const text = acceptNumber && typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string' || text.trim() === '') {
    const got = value === undefined ? 'it is missing' : `got ${typeName(value)}`
    throw new InvalidSpecError(`${path}.${key} must be a non-empty string; ${got}.`)
  }
  return text
}
