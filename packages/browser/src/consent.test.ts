import { describe, expect, it } from 'vitest'
import { consentGiven } from './consent'

const withPreferences = (categoryPreferences: unknown) => ({ context: { consent: { categoryPreferences } } })

describe('consentGiven', () => {
  it('allows everything without a requirement', () => {
    expect(consentGiven(undefined, {})).toBe(true)
  })

  it("reads a category from the event's context.consent.categoryPreferences, only true allowing", () => {
    expect(consentGiven('Analytics', withPreferences({ Analytics: true, Advertising: false }))).toBe(true)
    expect(consentGiven('Advertising', withPreferences({ Analytics: true, Advertising: false }))).toBe(false)
    expect(consentGiven('Analytics', withPreferences({ Analytics: 'yes' }))).toBe(false)
    expect(consentGiven('Analytics', withPreferences(null))).toBe(false)
    expect(consentGiven('Analytics', { context: { consent: 'all' } })).toBe(false)
    expect(consentGiven('Analytics', {})).toBe(false)
  })

  it('asks a function, with the event, only true allowing', () => {
    const event = { type: 'track', event: 'A' }
    expect(consentGiven((seen) => seen === event, event)).toBe(true)
    expect(consentGiven(() => 1 as unknown as boolean, event)).toBe(false)
  })
})
