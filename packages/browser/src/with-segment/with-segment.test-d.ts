import type * as V3 from '@fingerprintjs/fingerprintjs-pro'
import type * as V4 from '@fingerprint/agent'
import type { Analytics, AnalyticsBrowser } from '@segment/analytics-next'
import { describe, expectTypeOf, it } from 'vitest'
import type { Installed, SegmentAwareAgentV3, SegmentAwareAgentV4 } from '../agent-types'
import { withSegment } from './with-segment'

declare const v3: V3.Agent
declare const v4: V4.Agent
declare const analytics: Analytics
declare const browser: AnalyticsBrowser

describe("withSegment types, against the agents' own published types", () => {
  it('returns the Segment-aware agent of the same version', () => {
    expectTypeOf(withSegment(v3, analytics)).toEqualTypeOf<SegmentAwareAgentV3>()
    expectTypeOf(withSegment(v4, browser)).toEqualTypeOf<SegmentAwareAgentV4>()
  })

  it('keeps the v3 results, extended ones included', () => {
    const fp = withSegment(v3, analytics)
    expectTypeOf(fp.get()).resolves.toEqualTypeOf<V3.GetResult>()
    expectTypeOf(fp.get({ extendedResult: true })).resolves.toEqualTypeOf<V3.ExtendedGetResult>()
    expectTypeOf(fp.collect).toEqualTypeOf<V3.Agent['collect']>()
  })

  it('keeps the v4 result', () => {
    expectTypeOf(withSegment(v4, analytics).get({ tags: { a: 1 } })).resolves.toEqualTypeOf<V4.GetResult>()
  })

  it('accepts every valid option and a typed integrations.segment', () => {
    void withSegment(v3, analytics).get({
      linkedId: 'order-1',
      timeout: 3000,
      tag: {
        orderId: 1,
        integrations: { crm: true, segment: { track: { event: 'Checkout' }, group: { groupId: 'g' } } },
      },
    })
    void withSegment(v4, analytics).get({ tags: 'simple value', tag: null })
  })

  it("rejects a caller's mistakes at compile time", () => {
    const fp3 = withSegment(v3, analytics)
    const fp4 = withSegment(v4, analytics)
    // @ts-expect-error track without event
    void fp3.get({ tag: { integrations: { segment: { track: { properties: { total: 1 } } } } } })
    // @ts-expect-error group without groupId
    void fp4.get({ tags: { integrations: { segment: { group: { traits: {} } } } } })
    // @ts-expect-error userId must be a string
    void fp4.get({ tag: { integrations: { segment: { identify: { userId: 42 } } } } })
    // @ts-expect-error the v3 agent has no `tags`
    void fp3.get({ tags: {} })
    // @ts-expect-error linkedId is a string
    void fp3.get({ linkedId: 7 })
    // @ts-expect-error the v4 agent has no extendedResult
    void fp4.get({ extendedResult: true })
    // @ts-expect-error not an agent
    withSegment({ get: () => Promise.resolve({}) }, analytics)
    // @ts-expect-error timeout is a number of milliseconds
    withSegment(v4, analytics, { timeout: '1s' })
  })

  it('degrades a missing peer (seen as any) to never, not to any', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulates an uninstalled peer
    expectTypeOf<Installed<any>>().toBeNever()
    expectTypeOf<Installed<V4.Agent>>().toEqualTypeOf<V4.Agent>()
  })
})
