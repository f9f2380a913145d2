/**
 * The Segment payload a site puts in a Fingerprint identification's tag:
 * `tag.integrations.segment` (v3 agent and webhooks) or `tags.integrations.segment` (v4).
 *
 * This is the single source of truth shared by the browser package (which builds it)
 * and the source function (which reads it). Every field is optional; an identification
 * that carries this object always produces an Identify call unless `skipIntegration` is true.
 */
export interface SegmentIntegration {
  /** `true`: the source function emits nothing for this identification. @default false */
  skipIntegration?: boolean
  /**
   * The site's Analytics.js `anonymousId`. When present, every server-side call uses it, so the
   * calls join the same Segment profile as the browser's events. When absent, the visitorId is used.
   */
  anonymousId?: string
  /**
   * A token minted by the site's own server (`signIdentity`) proving that `identify.userId`
   * really is the signed-in user. Required for the userId to be used when the function has an
   * `identitySecret` setting.
   */
  identityProof?: string
  /** Identify fields. The Identify call is emitted even when this is omitted. */
  identify?: SegmentIdentifySpec
  /** Page call fields. */
  page?: SegmentPageSpec
  /** Track call fields: emitted only with a non-empty `event`. */
  track?: SegmentTrackSpec
  /** Group call fields: emitted only with a non-empty `groupId`. */
  group?: SegmentGroupSpec
  /** Screen call fields (mobile apps). */
  screen?: SegmentScreenSpec
}

/** A JSON object: what Segment accepts as traits, properties or context. */
export type SegmentJsonObject = { [key: string]: unknown }

/**
 * Segment's per-call destination routing: each destination by its name (or `All`) turned on or
 * off, or given options of its own, e.g. `{ All: false, Mixpanel: true }`.
 */
export type SegmentIntegrations = { [destination: string]: boolean | SegmentJsonObject }

/** What every spec may carry besides its own fields. */
export interface SegmentSpecOptions {
  /** Context fields, merged on top of the context taken from the identification (`context.fingerprint` stays Fingerprint's). */
  context?: SegmentJsonObject
  /** The call's destination routing, passed as it is. */
  integrations?: SegmentIntegrations
}

export interface SegmentIdentifySpec extends SegmentSpecOptions {
  /** Your internal id of the signed-in user. */
  userId?: string
  /** Traits to record on the user (merged with `visitorId` and `createdAt`). */
  traits?: SegmentJsonObject
}

export interface SegmentPageSpec extends SegmentSpecOptions {
  /** Page name, e.g. `'Update Password'`. */
  name?: string
  /** Page category, e.g. `'Account'`. */
  category?: string
  /** Page properties, merged on top of the `url` taken from the identification. */
  properties?: SegmentJsonObject
}

export interface SegmentTrackSpec extends SegmentSpecOptions {
  /** The event name, e.g. `'Plan Upgraded'`. Required. */
  event: string
  /** Event properties. */
  properties?: SegmentJsonObject
}

export interface SegmentGroupSpec extends SegmentSpecOptions {
  /** The group (company, team, account) id. Required. */
  groupId: string
  /** Group traits. */
  traits?: SegmentJsonObject
}

export interface SegmentScreenSpec extends SegmentSpecOptions {
  /** Screen name, e.g. `'Checkout'`. */
  name?: string
  /** Screen properties. */
  properties?: SegmentJsonObject
}
