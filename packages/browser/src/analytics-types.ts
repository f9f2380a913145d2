/**
 * The small part of Analytics.js (@segment/analytics-next) this package touches, described
 * structurally so the package has no runtime dependency on it. `analytics-types.test-d.ts`
 * proves the real `Analytics`, `AnalyticsBrowser` and `Context` satisfy these shapes.
 */

/** An id as Analytics.js stores it. */
export type SegmentId = string | null | undefined

/** `analytics.user()` / `analytics.group()` on the loaded `Analytics` instance (synchronous). */
export interface SegmentIdentity {
  id(): SegmentId
  traits(): object | null | undefined
}

/** `analytics.user()` adds the anonymous id. */
export interface SegmentUser extends SegmentIdentity {
  anonymousId(): SegmentId
}

/** The loaded Analytics.js instance: the one a plugin's `load()` receives, or `AnalyticsBrowser.load(...)`'s `[analytics]`. */
export interface SegmentAnalytics {
  user(): SegmentUser
  group(): SegmentIdentity
  /** Analytics.js's init options: with `disableClientPersistence`, it keeps no queue in storage. */
  options?: { disableClientPersistence?: boolean | undefined } | undefined
  /** Analytics.js's event queue: it emits `message_delivered` once the destinations have an event. */
  queue?: { on(event: 'message_delivered', listener: (ctx: SegmentContext) => void): unknown } | undefined
}

/**
 * The loaded instance with Analytics.js's `settings`, which the plugin reads: `timeout` is how long
 * `trackLink` / `trackForm` wait before navigating; `writeKey` names its persisted queues. Not a
 * member of `SegmentAnalytics` (the type of the plugin's `load`): Hightouch Events, a fork of
 * Analytics.js, declares `settings` protected, and a public `settings` there would make its
 * `Analytics` unassignable to `SegmentAnalytics`, so the plugin to its `Plugin` (TS2322 at `plugins: [...]`).
 */
export interface SegmentAnalyticsWithSettings extends SegmentAnalytics {
  settings?: { timeout?: number | undefined; writeKey?: string | undefined } | undefined
}

/** The buffered `AnalyticsBrowser` returned by `AnalyticsBrowser.load()`: the same calls, answered once loaded. */
export interface SegmentAnalyticsBrowser {
  user(): PromiseLike<SegmentUser>
  group(): PromiseLike<SegmentIdentity>
}

/** The fields of a Segment event this package reads. */
export interface SegmentEventFields {
  type?: string | undefined
  event?: string | undefined
  name?: string | null | undefined
  category?: string | null | undefined
  properties?: { [key: string]: unknown } | undefined
  context?: object | undefined
  /** The ids Analytics.js stamped on the event when it was made (its state may have moved on since). */
  userId?: SegmentId
  anonymousId?: SegmentId
}

/** The Analytics.js `Context` a plugin hook receives. */
export interface SegmentContext {
  event: SegmentEventFields
  updateEvent(path: string, value: unknown): unknown
  /** What Analytics.js logged about the event: one `'plugin'` entry per plugin it was handed to, naming it in `extras.plugin`. */
  logs?(): readonly { extras?: { plugin?: unknown } | undefined }[]
}
