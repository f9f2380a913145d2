import { AnalyticsBrowser, type Analytics, type Context, type Plugin } from '@segment/analytics-next'
import { describe, expectTypeOf, it } from 'vitest'
import type {
  SegmentAnalytics,
  SegmentAnalyticsBrowser,
  SegmentAnalyticsWithSettings,
  SegmentContext,
} from './analytics-types'
import { buildSegmentIntegration } from './with-segment/build-segment-integration'
import { fingerprintPlugin, type FingerprintPlugin } from './fingerprint-plugin'
import type { SegmentIntegration } from './index'

declare const analytics: Analytics
declare const plugin: FingerprintPlugin

describe('the structural Analytics.js types match the real @segment/analytics-next', () => {
  it('Analytics, AnalyticsBrowser and Context satisfy them', () => {
    expectTypeOf<Analytics>().toExtend<SegmentAnalytics>()
    // The settings the plugin reads are Analytics.js's own (read by assertion: see SegmentAnalyticsWithSettings).
    expectTypeOf<Analytics>().toExtend<SegmentAnalyticsWithSettings>()
    expectTypeOf<AnalyticsBrowser>().toExtend<SegmentAnalyticsBrowser>()
    expectTypeOf<Context>().toExtend<SegmentContext>()
  })

  it('the plugin is a real Analytics.js Plugin, registrable both ways', () => {
    expectTypeOf(plugin).toExtend<Plugin>()
    void analytics.register(plugin)
    void AnalyticsBrowser.load({ writeKey: 'k', plugins: [plugin] }).register(plugin)
    expectTypeOf(fingerprintPlugin).returns.toEqualTypeOf<FingerprintPlugin>()
  })

  it('buildSegmentIntegration takes the loaded Analytics, not the buffered AnalyticsBrowser', () => {
    expectTypeOf(buildSegmentIntegration(analytics)).toEqualTypeOf<SegmentIntegration>()
    // @ts-expect-error AnalyticsBrowser answers user() with a promise: use withSegment or the plugin
    buildSegmentIntegration(AnalyticsBrowser.load({ writeKey: 'k' }))
  })

  it('overrides are typed as the shared SegmentIntegration', () => {
    buildSegmentIntegration(analytics, { track: { event: 'Signed Up' }, identityProof: 'token' })
    // @ts-expect-error a track spec needs its event name
    buildSegmentIntegration(analytics, { track: { properties: {} } })
    // @ts-expect-error a group spec needs its groupId
    buildSegmentIntegration(analytics, { group: { traits: {} } })
  })
})
