import { describe, expect, it } from 'vitest'
import { officialFixture, officialWebhookPaths, projectFixture } from '../../test/fixtures'
import { readFingerprintEvent } from './read-fingerprint-event'

describe('readFingerprintEvent: v3 (legacy camelCase)', () => {
  const event = readFingerprintEvent(officialFixture('v3/webhook.json'))

  it('reads the ids, time and browser fields', () => {
    expect(event).toMatchObject({
      format: 'v3',
      requestId: 'Px6VxbRC6WBkA39yeNH3',
      timestamp: 1554910997788,
      visitorId: '3HNey93AkBW6CRbxV6xP',
      visitorFound: true,
      confidence: 0.97,
      firstSeenAt: '2022-03-16T11:31:01.101Z',
      linkedId: 'any-string',
      platform: 'browser',
      url: 'https://banking.example.com/signup',
      referrer: 'https://google.com?search=banking+services',
      ip: '216.3.128.12',
      userAgent: '(Macintosh; Intel Mac OS X 10_14_3) Chrome/73.0.3683.86',
      browser: { browserName: 'Chrome', browserMajorVersion: '73', os: 'Mac OS X' },
      sdk: { platform: 'js', version: '3.11.10' },
    })
    expect(event.tag).toEqual({ requestType: 'signup', yourCustomId: 45321 })
  })

  it('prefers ipInfo geolocation over the deprecated ipLocation', () => {
    expect(event.location).toEqual({
      city: 'Prague',
      country: 'Czechia',
      countryCode: 'CZ',
      region: 'Hlavni mesto Praha',
      postalCode: '150 00',
      latitude: 50.05,
      longitude: 14.4,
      timezone: 'Europe/Prague',
      accuracyRadius: 20,
    })
  })

  it('normalizes the Smart Signals', () => {
    expect(event.signals).toEqual({
      bot: 'bad',
      botType: 'selenium',
      vpn: false,
      vpnConfidence: 'high',
      proxy: true,
      proxyConfidence: 'high',
      tor: false,
      tampering: false,
      tamperingAnomalyScore: 0,
      antiDetectBrowser: false,
      incognito: false,
      virtualMachine: false,
      privacySettings: false,
      developerTools: false,
      highActivity: false,
      ipBlocklist: false,
      datacenter: true,
      suspectScore: 0,
      velocity: {
        events: { '5m': 1, '1h': 5, '24h': 5 },
        ipEvents: { '5m': 1, '1h': 5, '24h': 5 },
        distinctIp: { '5m': 1, '1h': 1, '24h': 1 },
        distinctCountry: { '5m': 1, '1h': 2, '24h': 2 },
        distinctIpByLinkedId: { '5m': 1, '1h': 5, '24h': 5 },
        distinctVisitorIdByLinkedId: { '5m': 1, '1h': 5, '24h': 5 },
      },
      emulator: false,
      rootApps: false,
      jailbroken: false,
      frida: false,
      clonedApp: false,
      locationSpoofing: true,
      mitmAttack: false,
      replayed: false,
    })
  })

  it('reads a v3 Android event as mobile, with its factory reset time', () => {
    const android = readFingerprintEvent(projectFixture('v3-android-app'))
    expect(android).toMatchObject({
      platform: 'android',
      os: { name: 'Android', version: '13' },
      device: { model: 'SM-G991B' },
    })
    expect(android.signals).toMatchObject({
      rootApps: true,
      factoryResetAt: '2024-05-01T10:00:00.000Z',
      suspectScore: 7,
    })
  })
})

describe('readFingerprintEvent: v4 (snake_case)', () => {
  it('reads the official webhook example', () => {
    const event = readFingerprintEvent(officialFixture('v4/webhook.json'))
    expect(event).toMatchObject({
      format: 'v4',
      requestId: '1708102555327.NLOjmg',
      timestamp: 1708102555327,
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      visitorFound: false,
      confidence: 0.97,
      firstSeenAt: '2024-02-16T16:55:55.327Z',
      linkedId: 'somelinkedId',
      platform: 'browser',
      ip: '61.127.217.15',
      referrer: 'https://example.com/blog/my-article',
      browser: {
        browserName: 'Chrome',
        browserMajorVersion: '74',
        browserFullVersion: '74.0.3729',
        os: 'Windows',
        osVersion: '7',
        device: 'Other',
      },
      location: { city: 'Prague', countryCode: 'CZ', region: 'Hlavni mesto Praha' },
    })
    expect(event.signals).toMatchObject({
      bot: 'not_detected',
      proxy: true,
      proxyConfidence: 'low',
      vpn: false,
      tor: false,
      ipBlocklist: false,
      tampering: false,
      tamperingAnomalyScore: 0.1955,
      emulator: false,
      highActivity: false,
      virtualMachine: false,
      velocity: { distinctIp: { '5m': 1, '1h': 1, '24h': 1 } },
      replayed: false,
    })
    expect(event.signals.factoryResetAt).toBeUndefined()
  })

  it('reads an iOS app event: bundle id, OS, device model, jailbreak, VPN', () => {
    const event = readFingerprintEvent(projectFixture('v4-ios-app'))
    expect(event).toMatchObject({
      platform: 'ios',
      app: { namespace: 'com.example.shop' },
      os: { name: 'iOS', version: '17.4' },
      device: { model: 'iPhone15,2' },
      signals: {
        jailbroken: true,
        vpn: true,
        emulator: false,
        suspectScore: 12,
        factoryResetAt: '2023-11-03T08:26:40.000Z',
      },
    })
    expect(JSON.stringify(event)).not.toContain('never copied')
  })

  it('reads an Android app event: package name and the mobile signals', () => {
    const event = readFingerprintEvent(projectFixture('v4-android-app'))
    expect(event).toMatchObject({ platform: 'android', app: { namespace: 'com.example.shop' } })
    expect(event.signals).toMatchObject({
      emulator: true,
      rootApps: true,
      clonedApp: true,
      frida: true,
      mitmAttack: true,
      locationSpoofing: true,
      tampering: true,
      tor: true,
      ipBlocklist: true,
      replayed: true,
      velocity: { events: { '5m': 9, '1h': 40, '24h': 120 } },
    })
  })

  it.each([
    ['epoch seconds, as Fingerprint sends', 1707144876, '2024-02-05T14:54:36.000Z'],
    ['epoch milliseconds', 1707144876000, '2024-02-05T14:54:36.000Z'],
    ['0 (never, or a browser)', 0, undefined],
    ['a negative number', -5, undefined],
  ])('reads factory_reset_timestamp given as %s', (_label, value, expected) => {
    const event = readFingerprintEvent({ event_id: 'e.1', timestamp: 1, factory_reset_timestamp: value })
    expect(event.signals.factoryResetAt).toBe(expected)
    const v3 = readFingerprintEvent({
      requestId: 'r.1',
      timestamp: 1,
      factoryReset: { time: '2024-02-05T14:54:36Z', timestamp: value },
    })
    expect(v3.signals.factoryResetAt).toBe(expected)
  })

  it('ignores malformed optional fields instead of failing', () => {
    const event = readFingerprintEvent({
      event_id: 'e.1',
      timestamp: 1,
      identification: 'nope',
      bot: 42,
      velocity: [],
      ip_info: { v4: null },
    })
    expect(event).toMatchObject({ requestId: 'e.1', signals: {} })
    expect(event).not.toHaveProperty('visitorId')
    expect(event).not.toHaveProperty('location')
  })
})

describe('readFingerprintEvent: absent fields are absent', () => {
  /** The paths of members that are `undefined` (rather than missing), anywhere in `value`. */
  const undefinedMembers = (value: unknown, path = 'event'): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, member]) =>
          member === undefined ? [`${path}.${key}`] : undefinedMembers(member, `${path}.${key}`),
        )
      : []

  it.each([...officialWebhookPaths, 'v3-android-app', 'v4-ios-app', 'v4-android-app', 'v3-browser-empty-payload'])(
    '%s: no member is undefined',
    (name) => {
      const body = name.endsWith('.json') ? officialFixture(name) : projectFixture(name)
      expect(undefinedMembers(readFingerprintEvent(body))).toEqual([])
    },
  )
})
