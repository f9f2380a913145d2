import type { SegmentAnalytics, SegmentContext } from './analytics-types'
import { consentGiven } from './consent'
import { stampContext } from './fingerprint-stamp'
import { readEventPayload } from './event-payload'
import { createIdentification } from './identification'
import type { FingerprintPluginOptions } from './options'
import { resolvePluginOptions } from './plugin-options'
import { listenForPageLeave } from './page-leave'
import { reportOnce } from './report-once'
import { VERSION } from './version'

/** An Analytics.js hook: returns the context it was given, enriched. */
export type FingerprintPluginHook = <C extends SegmentContext>(ctx: C) => Promise<C>

/** The Analytics.js enrichment plugin returned by `fingerprintPlugin`. */
export interface FingerprintPlugin {
  name: 'Fingerprint'
  type: 'enrichment'
  version: string
  isLoaded(): boolean
  load(ctx: unknown, analytics: SegmentAnalytics): Promise<void>
  track: FingerprintPluginHook
  page: FingerprintPluginHook
  identify: FingerprintPluginHook
  group: FingerprintPluginHook
  alias: FingerprintPluginHook
  screen: FingerprintPluginHook
}

/**
 * An Analytics.js plugin linking every event to a Fingerprint identification:
 * `analytics.register(fingerprintPlugin({ agent }))`.
 *
 * - Identifies once per session and identity (see `cache`), and again only when the identity
 *   changes (a new `userId`, a new group, `reset()`); concurrent events share the identification in
 *   flight. The identity is the one Analytics.js stamped on each event. Each identification's tag
 *   carries the Segment payload (`integrations.segment`) for the server.
 * - Stamps `context.fingerprint = { visitorId, requestId }` on every event, keeping what the site set.
 * - Never loses or blocks events: the wait is bounded by `timeout` and released when the page is
 *   being left; the events it still holds at `pagehide` go into Analytics.js's persisted queue for
 *   the next page load (see `listenForPageLeave`); failures leave events unstamped and are reported
 *   once per kind to `onError`.
 * - With `consent`, identifies only once the visitor consented.
 *
 * @throws TypeError when an option is invalid
 */
export function fingerprintPlugin(options: FingerprintPluginOptions): FingerprintPlugin {
  const resolved = resolvePluginOptions(options)
  const report = reportOnce(resolved.onError)
  const [stampFor, leave, forget] = createIdentification(options.agent, resolved, report)
  /** The events taken and not yet handed to the destinations (see `listenForPageLeave`). */
  const held = new Set<SegmentContext>()
  let analytics: SegmentAnalytics | undefined

  const enrich: FingerprintPluginHook = async (ctx) => {
    const { event } = ctx
    const { userId, anonymousId } = event
    if (analytics)
      try {
        held.add(ctx)
        if (consentGiven(resolved.consent, event)) {
          const user = analytics.user()
          // The identity Analytics.js stamped on the event when it was made. When its state has moved on
          // since (`track(); reset()` in one turn), the event's own ids are all that belong to it, and
          // its group is unknown (any identification of those ids fits).
          const state = user.id() == userId && user.anonymousId() == anonymousId ? analytics : undefined
          const who = JSON.stringify([userId, anonymousId])
          const stamp = await stampFor(state ? who + JSON.stringify(state.group().id()) : who, () =>
            readEventPayload(event, state, resolved, report),
          )
          if (stamp) stampContext(ctx, stamp)
        } else forget()
      } catch (error) {
        report(error, 'payload')
      }
    return ctx
  }

  return {
    name: 'Fingerprint',
    type: 'enrichment',
    version: VERSION,
    isLoaded: () => !!analytics,
    // eslint-disable-next-line @typescript-eslint/require-await -- the shortest way to return the promise Analytics.js awaits
    async load(_ctx, instance) {
      analytics = instance
      instance.queue?.on('message_delivered', (ctx) => held.delete(ctx))
      listenForPageLeave(leave, instance, held)
    },
    track: enrich,
    page: enrich,
    identify: enrich,
    group: enrich,
    alias: enrich,
    screen: enrich,
  }
}
