import { describe, expect, it } from 'vitest'
import { claimedIdentifiers, defaultCustomIdentifiers, withoutClaimedIdentifiers } from './claimed-identifiers'

const identifiers = claimedIdentifiers(defaultCustomIdentifiers)

describe('withoutClaimedIdentifiers', () => {
  it('traits and properties lose email and phone; a context its traits, externalIds, device ids and destination clientIds', () => {
    const withheld: string[] = []
    expect(
      withoutClaimedIdentifiers(
        { email: 'e', phone: 'p', plan: 'pro' },
        'traits',
        'identify.traits',
        identifiers,
        withheld,
      ),
    ).toEqual({ plan: 'pro' })
    expect(
      withoutClaimedIdentifiers(
        { email: 'e', phone: 'p', sku: 's' },
        'properties',
        'track.properties',
        identifiers,
        withheld,
      ),
    ).toEqual({ sku: 's' })
    const context = {
      traits: { email: 'e' },
      externalIds: [],
      device: { id: 'd', advertisingId: 'a', token: 't', model: 'm' },
      integrations: { 'Google Analytics': { clientId: 'ga', sessionId: 's' }, Amplitude: true },
    }
    expect(withoutClaimedIdentifiers(context, 'context', 'page.context', identifiers, withheld)).toEqual({
      device: { model: 'm' },
      integrations: { 'Google Analytics': { sessionId: 's' }, Amplitude: true },
    })
    expect(
      withoutClaimedIdentifiers(
        { 'Google Analytics': { clientId: 'ga' }, All: false },
        'integrations',
        'track.integrations',
        identifiers,
        withheld,
      ),
    ).toEqual({ 'Google Analytics': {}, All: false })
    expect(withheld).toEqual([
      'identify.traits.email',
      'identify.traits.phone',
      'track.properties.email',
      'track.properties.phone',
      'page.context.traits',
      'page.context.externalIds',
      'page.context.device.id',
      'page.context.device.advertisingId',
      'page.context.device.token',
      'page.context.integrations["Google Analytics"].clientId',
      'track.integrations["Google Analytics"].clientId',
    ])
  })

  it("withholds the customer's own identifiers, and Segment's email whatever the customer lists", () => {
    const custom = claimedIdentifiers(['loyalty_id'])
    const withheld: string[] = []
    expect(
      withoutClaimedIdentifiers(
        { email: 'e', phone: 'p', loyalty_id: 'l' },
        'traits',
        'identify.traits',
        custom,
        withheld,
      ),
    ).toEqual({ phone: 'p' })
    expect(withheld).toEqual(['identify.traits.email', 'identify.traits.loyalty_id'])
  })

  it('gives back the very object when it has no identifier, and never changes the one it is given', () => {
    const plain = { plan: 'pro', device: { model: 'm' }, integrations: { Amplitude: { sessionId: 1 } } }
    expect(withoutClaimedIdentifiers(plain, 'context', 'track.context', identifiers, [])).toBe(plain)
    const claimed = { email: 'e', nested: { email: 'kept: not where Segment reads it' } }
    const before = JSON.stringify(claimed)
    expect(withoutClaimedIdentifiers(claimed, 'traits', 'identify.traits', identifiers, [])).toEqual({
      nested: claimed.nested,
    })
    expect(JSON.stringify(claimed)).toBe(before)
  })
})
