import type { FingerprintContext } from './fingerprint-context'
import type { SegmentIntegrations, SegmentJsonObject } from '../payload/segment-payload'

import type { SegmentCallType } from '../segment/call-types'

/**
 * The `context` of every emitted call: the standard Segment fields Fingerprint knows (`ip`,
 * `userAgent`, `location`, `page`, `app`, ...), the customer's own context fields merged on top,
 * and `fingerprint`, which is always Fingerprint's own.
 */
export interface SegmentCallContext {
  [key: string]: unknown
  fingerprint: FingerprintContext
}

/**
 * Who a call is about: at least one of `userId` and `anonymousId` (Segment refuses a call with
 * neither). The anonymousId is the site's Analytics.js anonymousId from the tag, otherwise the
 * Fingerprint visitorId; it is absent only when Fingerprint withheld the visitorId (Zero Trust
 * mode) and the call has a userId. The userId is the tag's (with `identitySecret`, only proven).
 */
export type SegmentCallIdentity = { userId: string; anonymousId?: string } | { userId?: string; anonymousId: string }

/** Fields every emitted call carries besides its identity. */
export interface SegmentCallFields {
  /** Deterministic: `fp-<requestId>-<call>`, so a retried webhook is deduplicated by Segment. */
  messageId: string
  /** The identification's own time (ISO-8601), not the time of processing. */
  timestamp: string
  context: SegmentCallContext
  /** The spec's `integrations`: Segment's per-call destination routing, e.g. `{ All: false, Mixpanel: true }`. */
  integrations?: SegmentIntegrations
}

/** Fields every emitted call carries. */
export type SegmentCallBase = SegmentCallIdentity & SegmentCallFields

export type IdentifyPayload = SegmentCallBase & {
  traits: SegmentJsonObject
}
export type PagePayload = SegmentCallBase & {
  name?: string
  category?: string
  properties: SegmentJsonObject
}
export type TrackPayload = SegmentCallBase & {
  event: string
  properties: SegmentJsonObject
}
export type GroupPayload = SegmentCallBase & {
  groupId: string
  traits: SegmentJsonObject
}
export type ScreenPayload = SegmentCallBase & {
  name?: string
  properties: SegmentJsonObject
}

/** The payload of each call type. */
export interface SegmentPayloadByType {
  identify: IdentifyPayload
  page: PagePayload
  track: TrackPayload
  group: GroupPayload
  screen: ScreenPayload
}

/** One call of each type, as `Segment[type](payload)` receives it. */
export type SegmentCallByType = { [Type in SegmentCallType]: { type: Type; payload: SegmentPayloadByType[Type] } }

/** One call, as `Segment[type](payload)` receives it. */
export type SegmentCall = SegmentCallByType[SegmentCallType]

/** A call the payload asked for but that was not emitted, and why. */
export interface SkippedCall {
  type: SegmentCallType
  reason: string
}
