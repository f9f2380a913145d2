import { ValidationError } from '../segment/errors'
import { expectBoolean, expectIdentifier, expectObject, expectString, type FieldReport } from '../lib/value-checks'
import type { SegmentIntegration } from './segment-payload'
import { ownMember, type JsonObject } from '../lib/json'
import type { SegmentCallType } from '../segment/call-types'
import type { FingerprintEvent } from '../event/fingerprint-event'

/** Longest userId or anonymousId accepted from the tag (Fingerprint's own `linkedId` limit). */
export const maxIdentityLength = 256

/** The keys of `SegmentIntegration` that ask for a call: one per call type. */
export type SpecName = Extract<keyof SegmentIntegration, SegmentCallType>

/**
 * The Segment payload found in an event's tag, checked at the payload level. The specs
 * (`identify`, `page`, ...) stay raw: each call builder validates its own and may drop it.
 */
export interface SegmentPayloadRequest {
  /** Where the payload was found, for error messages: `tag.integrations.segment` or `tags.integrations.segment`. */
  path: string
  skipIntegration: boolean
  anonymousId?: string
  /** `identify.userId`: checked here, since every call carries it. */
  userId?: string
  identityProof?: string
  /** The raw spec of each call the payload asks for. */
  specs: { [Name in SpecName]?: unknown }
}

/** A wrong payload rejects the whole event; the value is described by its type only (no customer data in logs). */
const report: FieldReport = { fail: (detail) => new ValidationError(`${detail}.`) }

/** Reads one key of the payload into the request; `path` is the payload's own. */
type PayloadFieldReader = (value: unknown, path: string, request: SegmentPayloadRequest) => void

/**
 * How each key of `SegmentIntegration` is read, in this order. `null` is read as absent, except
 * for `skipIntegration`.
 */
export const segmentPayloadFields: { readonly [Key in keyof Required<SegmentIntegration>]: PayloadFieldReader } = {
  skipIntegration: (value, path, request) => {
    if (value !== undefined) request.skipIntegration = expectBoolean(value, `${path}.skipIntegration`, report)
  },
  anonymousId: (value, path, request) => {
    const id = readIdentity(value, `${path}.anonymousId`)
    if (id !== undefined) request.anonymousId = id
  },
  identify: (value, path, request) => {
    if (value !== undefined) request.specs.identify = value
    const userId = readIdentity(ownMember(value, 'userId'), `${path}.identify.userId`)
    if (userId !== undefined) request.userId = userId
  },
  identityProof: (value, path, request) => {
    if (value !== undefined && value !== null)
      request.identityProof = expectString(value, `${path}.identityProof`, report)
  },
  page: readSpec('page'),
  track: readSpec('track'),
  group: readSpec('group'),
  screen: readSpec('screen'),
}

/** The payload's keys, in the order they are read. */
const payloadKeys = Object.keys(segmentPayloadFields) as (keyof SegmentIntegration)[]

/** Keeps a spec raw for its call builder. */
function readSpec(name: SpecName): PayloadFieldReader {
  return (value, _path, request) => {
    if (value !== undefined) request.specs[name] = value
  }
}

/**
 * Finds and checks the Segment payload in an event's tag.
 *
 * @returns `undefined` when the event carries no `integrations.segment` (nothing to emit).
 * @throws ValidationError naming the field when the payload itself has the wrong shape.
 */
export function readSegmentPayload(event: FingerprintEvent): SegmentPayloadRequest | undefined {
  const tagName = event.format === 'v4' ? 'tags' : 'tag'
  const integrations = ownMember(event.tag, 'integrations')
  const value = ownMember(integrations, 'segment')
  if (value === undefined || value === null) return undefined
  const path = `${tagName}.integrations.segment`
  const payload: JsonObject = expectObject(value, path, report)
  const request: SegmentPayloadRequest = { path, skipIntegration: false, specs: {} }
  for (const key of payloadKeys) segmentPayloadFields[key](ownMember(payload, key), path, request)
  return request
}

/** A userId or anonymousId: a non-empty string (a finite number is accepted and converted). */
function readIdentity(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined
  return expectIdentifier(value, path, report, { maxLength: maxIdentityLength })
}
