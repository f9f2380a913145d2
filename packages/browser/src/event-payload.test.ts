import { describe, expect, it, vi } from 'vitest'
import { createV3Agent } from '../test/agents'
import type { SegmentAnalytics, SegmentEventFields } from './analytics-types'
import { readEventPayload } from './event-payload'
import type { FingerprintPluginOptions } from './options'
import { resolvePluginOptions } from './plugin-options'
import { buildSegmentIntegration } from './with-segment/build-segment-integration'

const traits = { email: 'ada@example.com', address: { city: 'Paris' } }
const analytics: SegmentAnalytics = {
  user: () => ({ id: () => 'u1', anonymousId: () => 'a1', traits: () => traits }),
  group: () => ({ id: () => 'g1', traits: () => ({ name: 'Acme' }) }),
}
const event: SegmentEventFields = {
  type: 'track',
  event: 'Signed Up',
  userId: 'u1',
  anonymousId: 'a1',
  properties: { via: 'email' },
}
const options = (changes: Partial<FingerprintPluginOptions> = {}) =>
  resolvePluginOptions({ agent: createV3Agent(), ...changes })

describe('readEventPayload', () => {
  it("is buildSegmentIntegration's payload over the event's ids and Analytics.js's traits and group", async () => {
    const payload = await readEventPayload(event, analytics, options(), vi.fn())
    expect(payload).toEqual(buildSegmentIntegration(analytics))
    expect(payload).toEqual({
      anonymousId: 'a1',
      identify: { userId: 'u1', traits },
      group: { groupId: 'g1', traits: { name: 'Acme' } },
    })
    expect(payload.identify?.traits).not.toBe(traits) // a copy: the payload never changes Analytics.js's state
  })

  it("without Analytics.js's state (it has moved on since the event), only the event's own ids", async () => {
    await expect(readEventPayload(event, undefined, options(), vi.fn())).resolves.toEqual({
      anonymousId: 'a1',
      identify: { userId: 'u1' },
    })
    await expect(
      readEventPayload({ type: 'page', userId: null, anonymousId: 'a2' }, undefined, options(), vi.fn()),
    ).resolves.toEqual({
      anonymousId: 'a2',
    })
  })

  it('adds the identity proof and, with forward, the event as a page or track spec', async () => {
    const forward = options({ forward: ['page', 'track'], identityProof: async () => 'proof' })
    await expect(readEventPayload(event, undefined, forward, vi.fn())).resolves.toMatchObject({
      identityProof: 'proof',
      track: { event: 'Signed Up', properties: { via: 'email' } },
    })
    const page = { type: 'page', name: 'Pricing', category: '', anonymousId: 'a1', properties: { path: '/' } }
    const payload = await readEventPayload(page, undefined, forward, vi.fn())
    expect(payload.page).toEqual({ name: 'Pricing', properties: { path: '/' } })
    expect(payload).not.toHaveProperty('track')
    expect(await readEventPayload(event, undefined, options({ forward: ['page'] }), vi.fn())).not.toHaveProperty(
      'track',
    )
  })
})
