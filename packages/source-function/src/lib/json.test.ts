import { describe, expect, it } from 'vitest'
import { mergeInto, mergeShared, mergeObjects } from './json'

describe('mergeShared and mergeInto', () => {
  const base = { page: { url: 'u', path: '/' }, ip: '1.2.3.4', location: { city: 'Prague' } }
  const overrides = { page: { title: 'Home' }, ip: '5.6.7.8', campaign: { name: 'spring' } }

  it('merge like mergeObjects: overrides win, nested objects both sides have are merged', () => {
    expect(mergeShared(base, overrides)).toEqual(mergeObjects(base, overrides))
    expect(mergeShared(base, overrides)).toEqual({
      page: { url: 'u', path: '/', title: 'Home' },
      ip: '5.6.7.8',
      location: { city: 'Prague' },
      campaign: { name: 'spring' },
    })
  })

  it('share what they do not change, and change neither side', () => {
    const before = JSON.stringify([base, overrides])
    const merged = mergeShared(base, overrides)
    expect(merged.location).toBe(base.location)
    expect(merged.campaign).toBe(overrides.campaign)
    expect(merged.page).not.toBe(base.page)
    expect(JSON.stringify([base, overrides])).toBe(before)
  })

  it('mergeInto changes its target only; an undefined override leaves the value alone', () => {
    const target: Record<string, unknown> = { ...base }
    mergeInto(target, { ip: undefined, page: { title: 'Home' } })
    expect(target).toEqual({ ...base, page: { url: 'u', path: '/', title: 'Home' } })
    expect(base.page).toEqual({ url: 'u', path: '/' })
  })
})
