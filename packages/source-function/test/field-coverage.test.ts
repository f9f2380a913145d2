/**
 * Every Fingerprint field the mapping reads reaches the calls: each is changed, alone, in a
 * webhook that has them all, and the calls the BUILT bundle makes of it (sandbox, deployed mode)
 * must change too. A field forgotten on the way (read, then dropped) fails here. Raw device
 * attributes, which are never copied, must change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadAuthenticatedFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import { officialFixture, projectFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'

let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadAuthenticatedFunction()
})

const payload = {
  anonymousId: 'ajs-1',
  identify: { userId: 'u-1', traits: { plan: 'pro' } },
  page: { name: 'Home' },
  track: { event: 'Viewed' },
  group: { groupId: 'g-1' },
  screen: { name: 'Home' },
}

type Body = Record<string, unknown>

/** `body` with the value at the dotted `path` (`ip_info.v4.asn`, `triggered_by.0.id`) replaced by `value`. */
function withValue(body: Body, path: string, value: unknown): Body {
  const copy = structuredClone(body)
  const keys = path.split('.')
  let parent = copy as Record<string, unknown>
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>
  parent[keys[keys.length - 1] as string] = value
  return copy
}

function valueAt(body: Body, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], body)
}

/** Another value of the same kind: booleans flipped, numbers moved, strings changed (enums given in `choices`). */
function changed(value: unknown, path: string, choices: Record<string, unknown>): unknown {
  if (path in choices) return choices[path]
  if (typeof value === 'boolean') return !value
  if (typeof value === 'number')
    return value > 1e11 ? value - 86_400_000 : value < 1 && value > 0 ? value / 2 : value + 1
  if (typeof value === 'string') return `${value}-changed`
  throw new Error(`${path}: no value to change (${JSON.stringify(value)})`)
}

async function calls(body: Body): Promise<string> {
  const { calls: made, error } = await sandbox.run({ body: JSON.stringify(body) }, { maxEventAgeSeconds: '0' })
  if (error) throw new Error(`${error.name}: ${error.message}`)
  made.forEach(assertDeliverableCall)
  return JSON.stringify(made)
}

/** A browser event carrying every v4 field the mapping reads for browsers. */
const v4Browser: Body = withSegmentPayload(
  {
    ...officialFixture('v4/get_event_ruleset_200.json'),
    bot: 'bad',
    bot_type: 'selenium',
    bot_info: (officialFixture('v4/get_event_with_bot_info_200.json') as Body).bot_info,
    environment_id: 'ae_47abaca3db2c7c43',
    suspect: false,
    suspect_score: 5,
    incremental_identification_status: 'completed',
    triggered_by: [{ id: 'r_1', name: 'Block bots', description: 'Blocks requests detected as bots' }],
    vpn: true,
    vpn_origin_country: 'DE',
  },
  payload,
)

const v4BrowserFields = [
  'event_id',
  'timestamp',
  'identification.visitor_id',
  'identification.visitor_found',
  'identification.confidence.score',
  'identification.first_seen_at',
  'identification.last_seen_at',
  'supplementary_id_high_recall.visitor_id',
  'linked_id',
  'environment_id',
  'source',
  'suspect',
  'replayed',
  'incremental_identification_status',
  'rule_action.type',
  'rule_action.ruleset_id',
  'rule_action.rule_id',
  'triggered_by.0.id',
  'triggered_by.0.name',
  'url',
  'client_referrer',
  'ip_address',
  'user_agent',
  'browser_details.browser_name',
  'browser_details.browser_major_version',
  'browser_details.browser_full_version',
  'browser_details.os',
  'browser_details.os_version',
  'browser_details.device',
  'ip_info.v4.geolocation.city_name',
  'ip_info.v4.geolocation.country_name',
  'ip_info.v4.geolocation.subdivisions.0.name',
  'ip_info.v4.geolocation.latitude',
  'ip_info.v4.geolocation.longitude',
  'ip_info.v4.geolocation.timezone',
  'ip_info.v4.asn',
  'ip_info.v4.asn_name',
  'ip_info.v4.asn_type',
  'ip_info.v4.datacenter_result',
  'ip_info.v4.datacenter_name',
  'ip_blocklist.email_spam',
  'ip_blocklist.tor_node',
  'bot',
  'bot_type',
  'bot_info.category',
  'bot_info.provider',
  'bot_info.name',
  'bot_info.identity',
  'bot_info.confidence',
  'vpn',
  'vpn_confidence',
  'vpn_origin_country',
  'vpn_origin_timezone',
  'vpn_methods.timezone_mismatch',
  'vpn_methods.public_vpn',
  'vpn_methods.auxiliary_mobile',
  'vpn_methods.os_mismatch',
  'vpn_methods.relay',
  'vpn_methods.ml_prediction',
  'vpn_ml_score',
  'proxy',
  'proxy_confidence',
  'proxy_details.proxy_type',
  'proxy_details.provider',
  'proxy_details.last_seen_at',
  'proxy_ml_score',
  'tampering',
  'tampering_confidence',
  'tampering_details.anomaly_score',
  'tampering_details.anti_detect_browser',
  'tampering_ml_score',
  'incognito',
  'virtual_machine',
  'virtual_machine_ml_score',
  'privacy_settings',
  'developer_tools',
  'high_activity_device',
  'suspect_score',
  'rare_device',
  'rare_device_percentile_bucket',
  'velocity.events.5_minutes',
  'velocity.events.1_hour',
  'velocity.events.24_hours',
  'velocity.ip_events.1_hour',
  'velocity.distinct_ip.1_hour',
  'velocity.distinct_country.1_hour',
  'velocity.distinct_linked_id.1_hour',
  'velocity.distinct_ip_by_linked_id.1_hour',
  'velocity.distinct_visitor_id_by_linked_id.1_hour',
] as const

/** An Android app event carrying the mobile fields. */
const v4Android: Body = withSegmentPayload(
  { ...projectFixture('v4-android-app'), active_call: false, factory_reset_timestamp: 1707144876, jailbroken: false },
  payload,
)
const v4AndroidFields = [
  'package_name',
  'os',
  'os_version',
  'device',
  'emulator',
  'root_apps',
  'cloned_app',
  'frida',
  'mitm_attack',
  'location_spoofing',
  'active_call',
  'factory_reset_timestamp',
  'jailbroken',
] as const

/** A v3 browser event carrying the v3 counterparts. */
const v3Browser: Body = withSegmentPayload(
  {
    ...officialFixture('v3/webhook-latest.json'),
    environmentId: 'ae_1',
    lastSeenAt: { global: '2022-03-16T11:28:34.023Z', subscription: '2022-03-16T11:28:34.023Z' },
  },
  payload,
)
const v3BrowserFields = [
  'requestId',
  'visitorId',
  'lastSeenAt.subscription',
  'firstSeenAt.subscription',
  'environmentId',
  'supplementaryIds.highRecall.visitorId',
  'vpn.originCountry',
  'vpn.originTimezone',
  'vpn.methods.timezoneMismatch',
  'vpn.methods.publicVPN',
  'vpn.methods.auxiliaryMobile',
  'vpn.methods.osMismatch',
  'vpn.methods.relay',
  'proxy.details.proxyType',
  'proxy.details.lastSeenAt',
  'ipInfo.v4.asn.asn',
  'ipInfo.v4.asn.name',
  'ipInfo.v4.asn.type',
  'ipInfo.v4.datacenter.name',
  'bot.result',
  'bot.type',
  'replayed',
] as const

/** New values for fields whose values are words Fingerprint chooses from. */
const choices: Record<string, unknown> = {
  // Another Fingerprint-shaped id (a changed string would not be one, and is refused).
  event_id: '1708102555327.Changd',
  requestId: '1708102555327.Changd',
  source: 'edge',
  incremental_identification_status: 'partially_completed',
  'rule_action.type': 'allow',
  bot: 'good',
  'bot_info.confidence': 'low',
  vpn_confidence: 'low',
  proxy_confidence: 'high',
  tampering_confidence: 'low',
  'proxy_details.proxy_type': 'data_center',
  'bot.result': 'notDetected',
  'firstSeenAt.subscription': '2023-01-01T00:00:00Z',
  'lastSeenAt.subscription': '2023-01-01T00:00:00Z',
  'proxy.details.lastSeenAt': '2023-01-01T00:00:00Z',
  'proxy.details.proxyType': 'data_center',
}

describe.each([
  ['v4 browser', v4Browser, v4BrowserFields],
  ['v4 Android app', v4Android, v4AndroidFields],
  ['v3 browser', v3Browser, v3BrowserFields],
] as const)('every field the mapping reads reaches the calls: %s', (_label, base, fields) => {
  let baseline: string
  beforeAll(async () => {
    baseline = await calls(base)
  })

  it.each(fields)('%s', async (path) => {
    const value = valueAt(base, path)
    expect(value, `${path} is in the test's webhook`).toBeDefined()
    expect(await calls(withValue(base, path, changed(value, path, choices)))).not.toBe(baseline)
  })
})

describe('raw device attributes are never copied', () => {
  it.each(['canvas.geometry', 'fonts.0', 'webgl_basics.renderer', 'languages.0.0', 'audio'])(
    'raw_device_attributes.%s changes nothing',
    async (path) => {
      const full = `raw_device_attributes.${path}`
      const baseline = await calls(v4Browser)
      expect(await calls(withValue(v4Browser, full, changed(valueAt(v4Browser, full), full, choices)))).toBe(baseline)
    },
  )
})
