import { beforeEach, describe, expect, it } from 'vitest'
import { clearSegmentStorage, loadAnalytics } from '../../test/segment-harness'
import type { SegmentAnalytics } from '../analytics-types'
import type { SegmentIntegration } from '../index'
import { buildSegmentIntegration } from './build-segment-integration'

function fakeAnalytics(state: {
  userId?: string | null
  anonymousId?: string
  traits?: object
  groupId?: string
  groupTraits?: object
}): SegmentAnalytics {
  return {
    user: () => ({ id: () => state.userId, anonymousId: () => state.anonymousId, traits: () => state.traits }),
    group: () => ({ id: () => state.groupId, traits: () => state.groupTraits }),
  }
}

describe('buildSegmentIntegration with the real Analytics.js', () => {
  beforeEach(clearSegmentStorage)

  it('anonymous visitor: only the anonymousId', async () => {
    const { analytics } = await loadAnalytics()
    const payload = buildSegmentIntegration(analytics)
    expect(payload).toEqual({ anonymousId: analytics.user().anonymousId() })
    expect(payload.anonymousId).toMatch(/\w/)
  })

  it('identified user in a group: identify and group', async () => {
    const { analytics } = await loadAnalytics()
    await analytics.identify('user-1', { email: 'ada@example.com', plan: 'pro' })
    await analytics.group('org-9', { name: 'Acme' })
    expect(buildSegmentIntegration(analytics)).toEqual({
      anonymousId: analytics.user().anonymousId(),
      identify: { userId: 'user-1', traits: { email: 'ada@example.com', plan: 'pro' } },
      group: { groupId: 'org-9', traits: { name: 'Acme' } },
    })
  })

  it('after reset(): a new anonymousId and no user or group', async () => {
    const { analytics } = await loadAnalytics()
    await analytics.identify('user-1', { email: 'ada@example.com' })
    const before = analytics.user().anonymousId()
    analytics.reset()
    const payload = buildSegmentIntegration(analytics)
    expect(payload.identify).toBeUndefined()
    expect(payload.group).toBeUndefined()
    expect(payload.anonymousId).not.toBe(before)
  })
})

describe('buildSegmentIntegration merge rules', () => {
  const analytics = fakeAnalytics({
    userId: 'u1',
    anonymousId: 'anon-1',
    traits: { email: 'a@example.com', address: { city: 'Paris', country: 'FR' }, tags: ['a', 'b'] },
    groupId: 'g1',
    groupTraits: { name: 'Acme', size: 10 },
  })

  it('merges overrides deeply, the caller winning', () => {
    const payload = buildSegmentIntegration(analytics, {
      identify: { traits: { address: { city: 'Lyon' }, tags: ['c'], vip: true } },
      group: { groupId: 'g1', traits: { size: 11 } },
      track: { event: 'Checkout', properties: { total: 3 } },
      identityProof: 'proof',
    })
    expect(payload).toEqual({
      anonymousId: 'anon-1',
      identityProof: 'proof',
      identify: {
        userId: 'u1',
        traits: { email: 'a@example.com', address: { city: 'Lyon', country: 'FR' }, tags: ['c'], vip: true },
      },
      group: { groupId: 'g1', traits: { name: 'Acme', size: 11 } },
      track: { event: 'Checkout', properties: { total: 3 } },
    })
  })

  it('lets the caller replace ids, and ignores undefined overrides', () => {
    // As untyped JavaScript callers may pass it (the types refuse an explicit undefined).
    const overrides = { anonymousId: 'mine', identify: { userId: undefined } } as unknown as SegmentIntegration
    const payload = buildSegmentIntegration(analytics, overrides)
    expect(payload.anonymousId).toBe('mine')
    expect(payload.identify?.userId).toBe('u1')
  })

  it('does not mutate Analytics.js state or the overrides', () => {
    const traits = { email: 'a@example.com', address: { city: 'Paris' } }
    const overrides = { identify: { traits: { address: { city: 'Lyon' } } } }
    const payload = buildSegmentIntegration(fakeAnalytics({ userId: 'u1', traits }), overrides)
    expect(payload.identify?.traits).toEqual({ email: 'a@example.com', address: { city: 'Lyon' } })
    expect(traits.address.city).toBe('Paris')
    expect(overrides.identify.traits.address.city).toBe('Lyon')
  })

  it('skips empty ids and traits', () => {
    expect(buildSegmentIntegration(fakeAnalytics({ userId: '', anonymousId: '', traits: {}, groupId: '' }))).toEqual({})
    expect(buildSegmentIntegration(fakeAnalytics({ userId: null, traits: { plan: 'free' } }))).toEqual({
      identify: { traits: { plan: 'free' } },
    })
  })

  it('ignores prototype-polluting keys', () => {
    const overrides = JSON.parse('{"identify":{"traits":{"__proto__":{"polluted":true}}}}') as object
    const payload = buildSegmentIntegration(analytics, overrides)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(payload.identify?.traits).not.toHaveProperty('polluted')
  })
})
