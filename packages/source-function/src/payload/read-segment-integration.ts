import { ValidationError } from '../errors'
import { isPlainObject, type JsonObject } from '../json'
import type { FingerprintEvent } from '../webhook/fingerprint-event'

/** Longest userId or anonymousId accepted from the tag (Fingerprint's own `linkedId` limit). */
export const maxIdentityLength = 256

/**
 * The Segment payload found in an event's tag, checked at the payload level. The specs
 * (`identify`, `page`, ...) stay raw: each call builder validates its own and may drop it.
 */
export interface SegmentIntegrationRequest {
  /** Where the payload was found, for error messages: `tag.integrations.segment` or `tags.integrations.segment`. */
  path: string
  skipIntegration: boolean
  anonymousId?: string
  userId?: string
  identityProof?: string
  specs: Readonly<Record<SpecName, unknown>>
}

export type SpecName = 'identify' | 'page' | 'track' | 'group' | 'screen'

/**
 * Finds and checks the Segment payload in an event's tag.
 *
 * @returns `undefined` when the event carries no `integrations.segment` (nothing to emit).
 * @throws ValidationError naming the field when the payload itself has the wrong shape.
 */
export function readSegmentIntegration(event: FingerprintEvent): SegmentIntegrationRequest | undefined {
  const tagName = event.format === 'v4' ? 'tags' : 'tag'
  const integrations = ownMember(event.tag, 'integrations')
  const payload = ownMember(integrations, 'segment')
  if (payload === undefined || payload === null) return undefined
  const path = `${tagName}.integrations.segment`
  if (!isPlainObject(payload)) throw new ValidationError(`${path} must be an object, got ${typeName(payload)}.`)

  const skipIntegration = payload.skipIntegration
  if (skipIntegration !== undefined && typeof skipIntegration !== 'boolean') {
    throw new ValidationError(`${path}.skipIntegration must be a boolean, got ${typeName(skipIntegration)}.`)
  }
  const identify = payload.identify
  return {
    path,
    skipIntegration: skipIntegration === true,
    anonymousId: readIdentity(payload, 'anonymousId', path),
    userId: isPlainObject(identify) ? readIdentity(identify, 'userId', `${path}.identify`) : undefined,
    identityProof: readOptionalString(payload, 'identityProof', path),
    specs: {
      identify: payload.identify,
      page: payload.page,
      track: payload.track,
      group: payload.group,
      screen: payload.screen,
    },
  }
}

/** A userId or anonymousId: a non-empty string (a finite number is accepted and converted). */
function readIdentity(source: JsonObject, key: string, path: string): string | undefined {
  const value = source[key]
  if (value === undefined || value === null) return undefined
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ValidationError(`${path}.${key} must be a non-empty string, got ${typeName(value)}.`)
  }
  if (id.length > maxIdentityLength) {
    throw new ValidationError(
      `${path}.${key} is ${id.length} characters long; at most ${maxIdentityLength} are accepted.`,
    )
  }
  return id
}

function readOptionalString(source: JsonObject, key: string, path: string): string | undefined {
  const value = source[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ValidationError(`${path}.${key} must be a string, got ${typeName(value)}.`)
  return value
}

function ownMember(source: unknown, key: string): unknown {
  return isPlainObject(source) && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined
}

/** A short description of a value's type for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
