import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentContext } from './analytics-types'
import { stampContext } from './fingerprint-stamp'
import { createIdentification } from './identification'
import { resolveOptions, type ForwardedCall, type FingerprintPluginOptions } from './options'
import { reportOnce } from './report-once'
import { readSegmentPayload } from './segment-payload'
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

/** The Segment spec an event is forwarded as, when its type is in `forward`. */
function forwardedSpec(ctx: SegmentContext, forward: readonly ForwardedCall[]): SegmentIntegration | undefined {
  const { type, event, name, category, properties } = ctx.event
  if (!forward.includes(type as ForwardedCall)) return undefined
  if (type === 'page') return { page: { name: name ?? undefined, category: category ?? undefined, properties } }
  return event ? { track: { event, properties } } : undefined
}

/**
 * An Analytics.js plugin linking every event to a Fingerprint identification:
 * `analytics.register(fingerprintPlugin({ agent }))`.
 *
 * - Identifies once per page load, and again only when the identity changes (a new `userId`, a new
 *   group, `reset()`); concurrent events share the identification in flight. Each identification's
 *   tag carries the Segment payload (`integrations.segment`) for the server.
 * - Stamps `context.fingerprint = { visitorId, requestId }` on every event, keeping what the site set.
 * - Never loses or blocks events: the wait is bounded by `timeout`; failures leave events unstamped
 *   and are reported once per kind to `onError`.
 *
 * @throws TypeError when an option is invalid
 */
export function fingerprintPlugin(options: FingerprintPluginOptions): FingerprintPlugin {
  const { timeout, onError, forward, identityProof } = resolveOptions(
    'fingerprintPlugin',
    (options as Partial<FingerprintPluginOptions> | undefined)?.agent,
    options,
  )
  const { agent } = options
  const report = reportOnce(onError)
  const identification = createIdentification(agent, timeout, report)
  let analytics: SegmentAnalytics | undefined

  const enrich: FingerprintPluginHook = async (ctx) => {
    try {
      const loaded = analytics
      if (!loaded) return ctx
      const user = loaded.user()
      const identity = JSON.stringify([user.id(), user.anonymousId(), loaded.group().id()])
      const stamp = await identification.stampFor(identity, async () => ({
        integrations: {
          segment: await readSegmentPayload(loaded, forwardedSpec(ctx, forward), identityProof, report, timeout),
        },
      }))
      if (stamp) stampContext(ctx, stamp)
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
    load(_ctx, instance) {
      analytics = instance
      return Promise.resolve()
    },
    track: enrich,
    page: enrich,
    identify: enrich,
    group: enrich,
    alias: enrich,
    screen: enrich,
  }
}
