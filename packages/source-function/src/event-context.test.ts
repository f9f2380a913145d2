import { describe, expect, it } from 'vitest'
import { officialFixture, projectFixture } from '../test/fixtures'
import { buildEventContext } from './event-context'
import { readFingerprintEvent } from './webhook/read-fingerprint-event'

describe('buildEventContext', () => {
  it('browser: standard Segment fields, page, and a compact fingerprint object', () => {
    const context = buildEventContext(readFingerprintEvent(officialFixture('v4/webhook.json')))
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
      fingerprint: {
        visitorId: 'Ibk1527CUFmcnjLwIs4A9',
        requestId: '1708102555327.NLOjmg',
        confidence: 0.97,
        visitorFound: false,
        platform: 'browser',
        webhookFormat: 'v4',
        signals: { bot: 'not_detected', proxy: true },
      },
    })
    expect(context.app).toBeUndefined()
    expect(context.os).toBeUndefined()
  })

  it('never copies raw device attributes', () => {
    const text = JSON.stringify(buildEventContext(readFingerprintEvent(officialFixture('v4/webhook.json'))))
    for (const raw of ['raw_device_attributes', 'webgl', 'canvas', 'fonts', 'Arial Unicode MS'])
      expect(text).not.toContain(raw)
  })

  it('mobile: app, os and device instead of page', () => {
    const context = buildEventContext(readFingerprintEvent(projectFixture('v4-ios-app')))
    expect(context).toMatchObject({
      app: { namespace: 'com.example.shop' },
      os: { name: 'iOS', version: '17.4' },
      device: { type: 'ios', model: 'iPhone15,2' },
      fingerprint: { platform: 'ios', signals: { jailbroken: true } },
    })
    expect(context.page).toBeUndefined()
  })
})
