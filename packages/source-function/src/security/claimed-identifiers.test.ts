import { describe, expect, it } from 'vitest'
import { withoutClaimedIdentifiers } from './claimed-identifiers'

describe('withoutClaimedIdentifiers', () => {
  it('traits lose email and phone; properties their email; a context its traits, externalIds and device ids', () => {
    const withheld: string[] = []
    expect(
      withoutClaimedIdentifiers({ email: 'e', phone: 'p', plan: 'pro' }, 'traits', 'identify.traits', withheld),
    ).toEqual({ plan: 'pro' })
    expect(withoutClaimedIdentifiers({ email: 'e', phone: 'p' }, 'properties', 'track.properties', withheld)).toEqual({
      phone: 'p',
    })
    const context = {
      traits: { email: 'e' },
      externalIds: [],
      device: { id: 'd', advertisingId: 'a', token: 't', model: 'm' },
    }
    expect(withoutClaimedIdentifiers(context, 'context', 'page.context', withheld)).toEqual({ device: { model: 'm' } })
    expect(withheld).toEqual([
      'identify.traits.email',
      'identify.traits.phone',
      'track.properties.email',
      'page.context.traits',
      'page.context.externalIds',
      'page.context.device.id',
      'page.context.device.advertisingId',
      'page.context.device.token',
    ])
  })

  it('gives back the very object when it has no identifier, and never changes the one it is given', () => {
    const plain = { plan: 'pro', device: { model: 'm' } }
    expect(withoutClaimedIdentifiers(plain, 'context', 'track.context', [])).toBe(plain)
    const claimed = { email: 'e', nested: { email: 'kept: not where Segment reads it' } }
    const before = JSON.stringify(claimed)
    expect(withoutClaimedIdentifiers(claimed, 'traits', 'identify.traits', [])).toEqual({ nested: claimed.nested })
    expect(JSON.stringify(claimed)).toBe(before)
  })
})
