import { describe, expect, it } from 'vitest'
import { officialFixture, projectFixture } from '@fingerprint-segment/test-kit'
import { buildEventContext, urlParts } from './event-context'
import { buildFingerprintContext } from './fingerprint-context'
import type { FingerprintEvent } from '../event/fingerprint-event'
import { readFingerprintEvent } from '../event/read-event'

function contextOf(event: FingerprintEvent) {
  const fingerprint = buildFingerprintContext(event, { verdict: 'allow', score: 0, reasons: [] })
  return { context: buildEventContext(event, fingerprint), fingerprint }
}

describe('buildEventContext', () => {
  it('browser: standard Segment fields, page, and context.fingerprint as given', () => {
    const { context, fingerprint } = contextOf(readFingerprintEvent(officialFixture('v4/webhook.json')))
    expect(context).toMatchObject({
      ip: '61.127.217.15',
      userAgent: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) ....',
      location: { city: 'Prague', country: 'Czechia', region: 'Hlavni mesto Praha', latitude: 50.05, longitude: 14.4 },
      timezone: 'Europe/Prague',
      page: {
        url: 'https://www.example.com/login?hope{this{works[!',
        path: '/login',
        referrer: 'https://example.com/blog/my-article',
      },
    })
    expect(context.fingerprint).toBe(fingerprint)
    expect(context).not.toHaveProperty('app')
    expect(context).not.toHaveProperty('os')
  })

  it('never copies raw device attributes', () => {
    const text = JSON.stringify(contextOf(readFingerprintEvent(officialFixture('v4/webhook.json'))).context)
    for (const raw of ['raw_device_attributes', 'webgl', 'canvas', 'fonts', 'Arial Unicode MS'])
      expect(text).not.toContain(raw)
  })

  it('mobile: app, os and device instead of page', () => {
    const { context } = contextOf(readFingerprintEvent(projectFixture('v4-ios-app')))
    expect(context).toMatchObject({
      app: { namespace: 'com.example.shop' },
      os: { name: 'iOS', version: '17.4' },
      device: { type: 'ios', model: 'iPhone15,2' },
    })
    expect(context).not.toHaveProperty('page')
  })
})

describe('urlParts', () => {
  it('the path, and the query with its ? when there is one', () => {
    expect(urlParts('https://shop.example/cart?step=2')).toEqual({ path: '/cart', search: '?step=2' })
    expect(urlParts('https://shop.example/cart')).toEqual({ path: '/cart' })
  })

  it('nothing for a URL that does not parse', () => {
    expect(urlParts('not a url')).toBeUndefined()
  })
})
