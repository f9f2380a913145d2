import type { UrlParts } from '../event-context'
import { mergeInto, type JsonObject } from '../../lib/json'
import type { RiskAssessment } from '../../risk/assess-risk'
import {
  withoutClaimedIdentifiers,
  type ClaimedIdentifierPlace,
  type ClaimedIdentifiers,
} from '../../security/claimed-identifiers'
import type { TagFacts } from '../../security/tag-size'
import type { SegmentIntegrations } from '../../payload/segment-payload'
import type { SegmentCallBase, SegmentCallContext, SegmentCallFields, SegmentCallIdentity } from '../segment-call'
import type { FingerprintEvent } from '../../event/fingerprint-event'
import { readIntegrationsField, readObjectField } from './spec-fields'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const assign = Object.assign

/** What every call builder gets: the event, the identity all calls share, and what is worked out once per event. */
export interface CallInput {
  event: FingerprintEvent
  /** Where the payload sits in the tag, for messages (`tags.integrations.segment`). */
  path: string
  /** The userId and anonymousId every call carries (at least one of them). */
  identity: SegmentCallIdentity
  /** The context every call carries (see `buildEventContext`); the calls share its members. */
  context: SegmentCallContext
  /** The risk verdict of the event; Identify turns it into traits. */
  risk: RiskAssessment
  /** The event's time as ISO-8601: every call's `timestamp`. */
  timestamp: string
  /** What every messageId of the event starts with (`messageIdPrefix`). */
  messageIdPrefix: string
  /** Path and query of the event's URL, when it has one that parses. */
  urlParts?: UrlParts
  /** What the tag check found: whether customer objects must be copied, or checked for depth. */
  tag: TagFacts
  /**
   * Set when the identity is not proven (`identitySecret` and no valid proof): customer objects
   * lose the identifiers Segment merges profiles on (`identifiers`), and their paths are noted in
   * `paths`.
   */
  withheld?: { identifiers: ClaimedIdentifiers; paths: string[] }
}

/** Sets the context fields of one call type on a call's own context (see `callBase`). */
export type OwnContext = (context: SegmentCallContext, event: FingerprintEvent) => void

/**
 * The fields every call carries, with `messageId` `<prefix><callKey>`. Its context is the shared
 * one, with the fields of this call type (`ownContext`) and then the spec's own context
 * (`customerContext`) merged on top; `context.fingerprint` always stays Fingerprint's own. A call
 * with context of its own gets its own context object; the others share the webhook's. The values
 * are shared in any case: none of them is changed once built (a call shedding context for its
 * size works on copies).
 */
export function callBase(
  input: CallInput,
  callKey: string,
  customerContext?: JsonObject,
  integrations?: SegmentIntegrations,
  ownContext?: OwnContext,
): SegmentCallBase {
  const shared = input.context
  let context = shared
  if (ownContext !== undefined || customerContext !== undefined) {
    context = { ...shared }
    if (ownContext !== undefined) ownContext(context, input.event)
    if (customerContext !== undefined) {
      mergeInto(context, customerContext)
      context.fingerprint = shared.fingerprint
    }
  }
  const fields: SegmentCallFields = { messageId: input.messageIdPrefix + callKey, timestamp: input.timestamp, context }
  if (integrations !== undefined) fields.integrations = integrations
  return assign(fields, input.identity)
}

/** A call: `base` (`callBase`) with the fields of its type (`traits`, `event`, ...); `base` becomes the call. */
export function withCallFields<Fields extends object>(base: SegmentCallBase, fields: Fields): SegmentCallBase & Fields {
  return assign(base, fields)
}

/**
 * The customer's optional object `spec[key]` (see `readObjectField`), without the identifiers of
 * `place` when the identity is not proven (`withoutClaimedIdentifiers`).
 *
 * @param specName the spec's key in the payload (`identify`), for the withheld paths.
 */
export function readCustomerObject(
  input: CallInput,
  spec: JsonObject,
  specName: string,
  key: string,
  place?: ClaimedIdentifierPlace,
): JsonObject | undefined {
  const object = readObjectField(spec, key, `${input.path}.${specName}`, input.tag)
  if (object === undefined || place === undefined || input.withheld === undefined) return object
  return withoutClaimedIdentifiers(
    object,
    place,
    `${specName}.${key}`,
    input.withheld.identifiers,
    input.withheld.paths,
  )
}

/**
 * The customer's optional `integrations` of one spec (see `readIntegrationsField`), without the
 * destinations' identifiers (`clientId`) when the identity is not proven.
 */
export function readCustomerIntegrations(
  input: CallInput,
  spec: JsonObject,
  specName: string,
): SegmentIntegrations | undefined {
  const integrations = readIntegrationsField(spec, `${input.path}.${specName}`, input.tag)
  if (integrations === undefined || input.withheld === undefined) return integrations
  const { identifiers, paths } = input.withheld
  return withoutClaimedIdentifiers(
    integrations,
    'integrations',
    `${specName}.integrations`,
    identifiers,
    paths,
  ) as SegmentIntegrations
}
