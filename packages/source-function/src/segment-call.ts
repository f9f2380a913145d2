import type { FingerprintContext } from './fingerprint-context'
import type { JsonObject } from './json'

/** The Segment calls this package emits, in the order one webhook emits them. */
export const segmentCallTypes = ['identify', 'page', 'track', 'group', 'screen'] as const

/** One of `segmentCallTypes`. */
export type SegmentCallType = (typeof segmentCallTypes)[number]

/**
 * The `context` of every emitted call: the standard Segment fields Fingerprint knows (`ip`,
 * `userAgent`, `location`, `page`, `app`, ...), the customer's own context fields merged on top,
 * and `fingerprint`, which is always Fingerprint's own.
 */
export interface SegmentCallContext {
  [key: string]: unknown
  fingerprint: FingerprintContext
}

/** Fields every emitted call carries. */
export interface SegmentCallBase {
  /** Your user id, when the tag gave one (and, with `identitySecret`, proved it). */
  userId?: string
  /** The site's Analytics.js anonymousId from the tag, otherwise the Fingerprint visitorId. */
  anonymousId: string
  /** Deterministic: `fp-<requestId>-<call>`, so a retried webhook is deduplicated by Segment. */
  messageId: string
  /** The identification's own time (ISO-8601), not the time of processing. */
  timestamp: string
  context: SegmentCallContext
}

export interface IdentifyPayload extends SegmentCallBase {
  traits: JsonObject
}
export interface PagePayload extends SegmentCallBase {
  name?: string
  category?: string
  properties: JsonObject
}
export interface TrackPayload extends SegmentCallBase {
  event: string
  properties: JsonObject
}
export interface GroupPayload extends SegmentCallBase {
  groupId: string
  traits: JsonObject
}
export interface ScreenPayload extends SegmentCallBase {
  name?: string
  properties: JsonObject
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
