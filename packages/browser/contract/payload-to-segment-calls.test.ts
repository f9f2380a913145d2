// The contract between the two packages: a payload built by the browser package, carried in the tag
// where each agent version puts it (v3 webhook `tag`, v4 webhook `tags`), read by the server's
// `toSegmentCalls` into the calls it asked for.
import { toSegmentCalls } from '@fingerprint-segment/source-function'
import { describe, expect, it } from 'vitest'
import { buildSegmentIntegration } from '../src/with-segment'

const analytics = {
  user: () => ({ id: () => 'user-1', anonymousId: () => 'anon-1', traits: () => ({ email: 'ada@example.com' }) }),
  group: () => ({ id: () => 'org-1', traits: () => ({ name: 'Acme' }) }),
}
const payload = buildSegmentIntegration(analytics, { track: { event: 'Order Completed', properties: { total: 59 } } })
const timestamp = Date.parse('2026-11-20T10:00:00Z')

const webhooks = {
  v3: {
    requestId: '1763632800000.aB3dE5',
    visitorId: 'visitor-1',
    url: 'https://shop.example/checkout',
    ip: '203.0.113.7',
    time: new Date(timestamp).toISOString(),
    timestamp,
    sdk: { platform: 'js', version: '3.12.15' },
    tag: { integrations: { segment: payload } },
  },
  v4: {
    event_id: '1763632800000.aB3dE5',
    timestamp,
    url: 'https://shop.example/checkout',
    identification: { visitor_id: 'visitor-1' },
    tags: { integrations: { segment: payload } },
  },
}

describe('browser payload -> tag -> toSegmentCalls', () => {
  it.each(Object.entries(webhooks))('%s webhook: the calls carry what the browser built', (_format, body) => {
    const { status, calls } = toSegmentCalls(body)
    expect(status).toBe('emitted')
    const byType = Object.fromEntries(
      calls.map((call) => [call.type, call.payload as object as Record<string, unknown>]),
    )
    expect(Object.keys(byType)).toEqual(['identify', 'track', 'group'])
    for (const call of Object.values(byType)) expect(call).toMatchObject({ userId: 'user-1', anonymousId: 'anon-1' })
    expect(byType.identify?.traits).toMatchObject({ email: 'ada@example.com', visitorId: 'visitor-1' })
    expect(byType.track).toMatchObject({ event: 'Order Completed', properties: { total: 59 } })
    expect(byType.group).toMatchObject({ groupId: 'org-1', traits: { name: 'Acme' } })
  })
})
