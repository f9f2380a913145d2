import { describe, expect, it } from 'vitest'
import { officialFixture, officialWebhookPaths, projectFixture } from '@fingerprint-segment/test-kit'
import { InvalidEventPayload } from '../segment/errors'
import { latestSegmentTime } from '../segment/segment-time'
import { maxTextLength } from './event-fields'
import { maxTriggeringRules } from './fingerprint-event'
import { readFingerprintEvent } from './read-event'

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
      vpnOriginCountry: 'unknown',
      vpnOriginTimezone: 'Europe/Berlin',
      vpnMethods: [],
      proxy: true,
      proxyConfidence: 'high',
      proxyType: 'residential',
      proxyLastSeenAt: '2025-08-12T13:00:00.000Z',
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
      datacenterName: 'DediPath',
      asn: '7922',
      asnName: 'COMCAST-7922',
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
    })
    expect(event).toMatchObject({ replayed: false, highRecallVisitorId: '3HNey93AkBW6CRbxV6xP' })
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
    })
    expect(event.replayed).toBe(false)
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
      velocity: { events: { '5m': 9, '1h': 40, '24h': 120 } },
    })
    expect(event.replayed).toBe(true)
  })

  it.each([
    ['epoch seconds, as Fingerprint sends', 1707144876, '2024-02-05T14:54:36.000Z'],
    ['epoch milliseconds', 1707144876000, '2024-02-05T14:54:36.000Z'],
    ['0 (never, or a browser)', 0, undefined],
    ['a negative number', -5, undefined],
  ])('reads factory_reset_timestamp given as %s', (_label, value, expected) => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      factory_reset_timestamp: value,
    })
    expect(event.signals.factoryResetAt).toBe(expected)
    const v3 = readFingerprintEvent({
      requestId: '1700000000000.reqst1',
      timestamp: 1,
      factoryReset: { time: '2024-02-05T14:54:36Z', timestamp: value },
    })
    expect(v3.signals.factoryResetAt).toBe(expected)
  })

  it('ignores malformed optional fields instead of failing', () => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      identification: 'nope',
      bot: 42,
      velocity: [],
      ip_info: { v4: null },
    })
    expect(event).toMatchObject({ requestId: '1700000000000.event1', signals: {} })
    expect(event.visitorId).toBeUndefined()
    expect(event.location).toBeUndefined()
    expect(JSON.parse(JSON.stringify(event.signals))).toEqual({})
  })
})

describe('readFingerprintEvent: what the body lacks is left out', () => {
  /**
   * The paths of members holding a value a reader must never invent: `null`, `''` or `NaN`. A
   * field the body lacks, or has with the wrong type, is `undefined` (left out of JSON) instead.
   */
  const inventedMembers = (value: unknown, path = 'event'): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, member]) =>
          member === null || member === '' || Number.isNaN(member)
            ? [`${path}.${key}`]
            : key === 'tag'
              ? []
              : inventedMembers(member, `${path}.${key}`),
        )
      : []

  it.each([...officialWebhookPaths, 'v3-android-app', 'v4-ios-app', 'v4-android-app', 'v3-browser-empty-payload'])(
    '%s: no member is null, empty or NaN',
    (name) => {
      const body = name.endsWith('.json') ? officialFixture(name) : projectFixture(name)
      expect(inventedMembers(readFingerprintEvent(body))).toEqual([])
    },
  )

  it('a text too long for any call (maxTextLength) is read as absent, like a malformed field', () => {
    const long = 'u'.repeat(maxTextLength)
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      user_agent: long,
      linked_id: long.slice(1),
    })
    expect(event.userAgent).toBeUndefined()
    expect(event.linkedId).toHaveLength(maxTextLength - 1)
  })

  it('an empty event reads as its ids alone, in JSON', () => {
    const event = readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 1, tags: null })
    expect(JSON.parse(JSON.stringify({ ...event, tag: undefined }))).toEqual({
      format: 'v4',
      requestId: '1700000000000.event1',
      timestamp: 1,
      platform: 'browser',
      signals: {},
    })
  })
})

describe('readFingerprintEvent: the v4 fields beyond identification', () => {
  it('reads the bot, proxy, VPN, tampering, ML scores, rarity and IP network of the official examples', () => {
    const withBotInfo = readFingerprintEvent(officialFixture('v4/get_event_with_bot_info_200.json'))
    expect(withBotInfo.signals).toMatchObject({
      bot: 'good',
      botType: 'chatgpt_agent',
      botInfo: {
        category: 'ai_agent',
        provider: 'OpenAI',
        name: 'ChatGPT Agent',
        identity: 'signed',
        confidence: 'high',
      },
    })
    const ruleset = readFingerprintEvent(officialFixture('v4/get_event_ruleset_200.json'))
    expect(ruleset.signals).toMatchObject({
      proxyType: 'residential',
      proxyProvider: 'Massive',
      proxyLastSeenAt: '2024-02-16T16:55:55.327Z',
      proxyMlScore: 0.2,
      vpnConfidence: 'high',
      vpnOriginCountry: 'unknown',
      vpnOriginTimezone: 'Europe/Berlin',
      vpnMethods: [],
      vpnMlScore: 0.2,
      tamperingConfidence: 'high',
      tamperingMlScore: 0.3231,
      virtualMachineMlScore: 0.2,
      rareDevice: false,
      rareDevicePercentile: '<p95',
      asn: '7922',
      asnName: 'COMCAST-7922',
      asnType: 'isp',
      datacenterName: 'DediPath',
      activeCall: false,
    })
    expect(ruleset).toMatchObject({
      source: 'device',
      lastSeenAt: '2024-02-16T16:55:55.327Z',
      highRecallVisitorId: '0jnGMkPYXX37DqVa4ZIO3f_hr',
      ruleAction: { type: 'block', rulesetId: 'rs_b1k1blhqpOX3kU', ruleId: 'r_uE0af8497PFAOD' },
    })
  })

  it('reads the VPN methods that fired, by name', () => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      vpn_methods: { timezone_mismatch: true, public_vpn: false, relay: true, ml_prediction: true, os_mismatch: 'yes' },
    })
    expect(event.signals.vpnMethods).toEqual(['timezone_mismatch', 'relay', 'ml_prediction'])
  })

  it('reads the customer fields: environment, suspect flag, the rules that triggered the webhook', () => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      environment_id: 'ae_47abaca3db2c7c43',
      suspect: true,
      source: 'edge',
      triggered_by: [
        { id: 'r_1', name: 'Block bots', description: 'Blocks requests detected as bots' },
        { id: 'r_2' },
        'not a rule',
        { name: 'no id' },
      ],
    })
    expect(event).toMatchObject({
      environmentId: 'ae_47abaca3db2c7c43',
      suspect: true,
      source: 'edge',
      triggeredBy: [{ id: 'r_1', name: 'Block bots' }, { id: 'r_2' }],
    })
    expect(JSON.stringify(event)).not.toContain('Blocks requests')
  })

  it('keeps at most maxTriggeringRules of triggered_by, and refuses unknown sources and rule decisions', () => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      triggered_by: Array.from({ length: 5000 }, (_, index) => ({ id: `r_${index}`, name: 'n', description: 'd' })),
      source: 'elsewhere',
      rule_action: { type: 'deny', ruleset_id: 'rs_1' },
    })
    expect(event.triggeredBy).toHaveLength(maxTriggeringRules)
    expect(event.source).toBeUndefined()
    expect(event.ruleAction).toBeUndefined()
  })

  it('partially_completed: Smart Signals and IP geolocation ignored, and said so; identity kept', () => {
    const body = {
      ...officialFixture('v4/get_event_ruleset_200.json'),
      incremental_identification_status: 'partially_completed',
      bot: 'bad',
    }
    const event = readFingerprintEvent(body)
    expect(event.signalsIgnored).toBe(true)
    expect(event.signals).toEqual({})
    expect(event.location).toBeUndefined()
    expect(event).toMatchObject({
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      replayed: false,
      ruleAction: { type: 'block' },
      ip: '61.127.217.15',
    })
    const completed = readFingerprintEvent({ ...body, incremental_identification_status: 'completed' })
    expect(completed.signalsIgnored).toBeUndefined()
    expect(completed.signals.bot).toBe('bad')
  })
})

describe('readFingerprintEvent: the v3 counterparts', () => {
  it('reads VPN origin and methods, proxy details, ASN, datacenter name, high-recall id, last seen, environment', () => {
    const event = readFingerprintEvent({
      requestId: '1700000000000.reqst1',
      timestamp: 1,
      environmentId: 'ae_1',
      lastSeenAt: { global: '2024-01-01T00:00:00Z', subscription: '2024-01-02T00:00:00Z' },
      supplementaryIds: { standard: { visitorId: 'std' }, highRecall: { visitorId: 'high' } },
      vpn: {
        result: true,
        confidence: 'medium',
        originCountry: 'DE',
        originTimezone: 'Europe/Berlin',
        methods: { timezoneMismatch: true, publicVPN: true, auxiliaryMobile: false, osMismatch: false, relay: true },
      },
      proxy: {
        result: true,
        confidence: 'high',
        details: { proxyType: 'data_center', lastSeenAt: '2024-01-03T10:00:00Z' },
      },
      ipInfo: {
        v4: {
          address: '1.2.3.4',
          asn: { asn: '7922', name: 'COMCAST-7922', network: '73.136.0.0/13', type: 'isp' },
          datacenter: { result: true, name: 'DediPath' },
        },
      },
    })
    expect(event).toMatchObject({
      environmentId: 'ae_1',
      lastSeenAt: '2024-01-02T00:00:00.000Z',
      highRecallVisitorId: 'high',
    })
    expect(event.signals).toMatchObject({
      vpn: true,
      vpnConfidence: 'medium',
      vpnOriginCountry: 'DE',
      vpnOriginTimezone: 'Europe/Berlin',
      vpnMethods: ['timezone_mismatch', 'public_vpn', 'relay'],
      proxyType: 'data_center',
      proxyLastSeenAt: '2024-01-03T10:00:00.000Z',
      asn: '7922',
      asnName: 'COMCAST-7922',
      asnType: 'isp',
      datacenter: true,
      datacenterName: 'DediPath',
    })
  })
})

describe('readFingerprintEvent: ids and times Segment can take', () => {
  it.each([
    ['before 1970', -1],
    ['after the year 9999 (an expanded year)', latestSegmentTime + 1],
    ['as far as a Date reaches', 8.64e15],
  ])('refuses a timestamp %s', (_label, timestamp) => {
    expect(() => readFingerprintEvent({ event_id: '1700000000000.event1', timestamp })).toThrow(InvalidEventPayload)
    expect(() => readFingerprintEvent({ requestId: '1700000000000.reqst1', timestamp })).toThrow(
      /from 1970 to the year 9999/,
    )
  })

  it('takes the first and the last millisecond Segment takes', () => {
    expect(readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 0 }).timestamp).toBe(0)
    expect(readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: latestSegmentTime }).timestamp).toBe(
      latestSegmentTime,
    )
    expect(() =>
      readFingerprintEvent({ requestId: '1700000000000.reqst1', time: '+010000-01-01T00:00:00.000Z' }),
    ).toThrow(InvalidEventPayload)
  })

  it('leaves out other times Segment cannot take (first seen, last seen, factory reset)', () => {
    const event = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      identification: { visitor_id: 'v', first_seen_at: -5, last_seen_at: latestSegmentTime + 1 },
    })
    expect(event.firstSeenAt).toBeUndefined()
    expect(event.lastSeenAt).toBeUndefined()
  })
})
