/**
 * EMULATED: the webhook bodies Fingerprint would POST for an identification, in the legacy v3
 * format (camelCase, `tag`, nested `{ result }` signals) or the v4 format (snake_case, the same
 * object as `GET /v4/events`, flat signals). Field names follow Fingerprint's published schemas.
 */
import type { EmulatedIdentification, WindowedCount } from './emulated-identification'

type Json = Record<string, unknown>

/** v3 wraps a simple tag value as `{ tag: value }` and sends `{}` when there was none. */
function v3Tag(tag: unknown): Json {
  if (tag === undefined || tag === null) return {}
  return typeof tag === 'object' && !Array.isArray(tag) ? (tag as Json) : { tag }
}

const iso = (epochMs: number): string => new Date(epochMs).toISOString()

const v3Intervals = (count: WindowedCount): Json => ({
  intervals: { '5m': count['5m'], '1h': count['1h'], '24h': count['24h'] },
})
const v4Intervals = (count: WindowedCount): Json => ({
  '5_minutes': count['5m'],
  '1_hour': count['1h'],
  '24_hours': count['24h'],
})

/** The legacy v3 webhook body. */
export function v3WebhookBody(identification: EmulatedIdentification): Json {
  const { signals, network, browser } = identification
  const { geolocation } = network
  const body: Json = {
    requestId: identification.requestId,
    url: identification.url,
    ip: network.address,
    tag: v3Tag(identification.tag),
    time: iso(identification.timestamp),
    timestamp: identification.timestamp,
    visitorId: identification.visitorId,
    visitorFound: identification.visitorFound,
    confidence: { score: identification.confidence },
    firstSeenAt: { global: iso(identification.firstSeenAt), subscription: iso(identification.firstSeenAt) },
    lastSeenAt:
      identification.lastSeenAt === undefined
        ? { global: null, subscription: null }
        : { global: iso(identification.lastSeenAt), subscription: iso(identification.lastSeenAt) },
    browserDetails: {
      browserName: browser.name,
      browserMajorVersion: browser.majorVersion,
      browserFullVersion: browser.fullVersion,
      os: browser.os,
      osVersion: browser.osVersion,
      device: browser.device,
      userAgent: identification.userAgent,
    },
    userAgent: identification.userAgent,
    incognito: signals.incognito,
    clientReferrer: identification.referrer,
    bot: signals.botType
      ? { result: signals.bot === 'not_detected' ? 'notDetected' : signals.bot, type: signals.botType }
      : { result: signals.bot === 'not_detected' ? 'notDetected' : signals.bot },
    ipInfo: {
      v4: {
        address: network.address,
        geolocation: {
          accuracyRadius: geolocation.accuracyRadius,
          latitude: geolocation.latitude,
          longitude: geolocation.longitude,
          postalCode: geolocation.postalCode,
          timezone: geolocation.timezone,
          city: { name: geolocation.city },
          country: { code: geolocation.countryCode, name: geolocation.countryName },
          continent: { code: geolocation.continentCode, name: geolocation.continentName },
          subdivisions: [{ isoCode: geolocation.subdivision.isoCode, name: geolocation.subdivision.name }],
        },
        asn: { asn: network.asn, name: network.asnName, network: network.asnNetwork },
        datacenter: { result: network.datacenter, name: network.datacenterName },
      },
    },
    ipBlocklist: { result: false, details: { emailSpam: false, attackSource: false } },
    tor: { result: signals.tor },
    vpn: {
      result: signals.vpn,
      confidence: signals.vpnConfidence,
      originTimezone: signals.vpnOriginTimezone,
      originCountry: signals.vpnOriginCountry,
      methods: {
        timezoneMismatch: signals.vpnTimezoneMismatch,
        publicVPN: signals.vpn,
        auxiliaryMobile: false,
        osMismatch: false,
        relay: false,
      },
    },
    proxy: { result: signals.proxy, confidence: signals.proxyConfidence },
    tampering: {
      result: signals.tampering,
      anomalyScore: signals.anomalyScore,
      antiDetectBrowser: signals.antiDetectBrowser,
    },
    privacySettings: { result: signals.privacySettings },
    virtualMachine: { result: signals.virtualMachine },
    highActivity: { result: signals.highActivity },
    locationSpoofing: { result: signals.locationSpoofing },
    developerTools: { result: signals.developerTools },
    mitmAttack: { result: signals.mitmAttack },
    suspectScore: { result: signals.suspectScore },
    velocity: {
      events: v3Intervals(signals.velocity.events),
      ipEvents: v3Intervals(signals.velocity.ipEvents),
      distinctIp: v3Intervals(signals.velocity.distinctIp),
      distinctCountry: v3Intervals(signals.velocity.distinctCountry),
      distinctLinkedId: {},
    },
    replayed: false,
    sdk: { platform: 'js', version: identification.sdkVersion },
  }
  if (identification.linkedId !== undefined) body.linkedId = identification.linkedId
  return body
}

/** The v4 webhook body (the same object as `GET /v4/events/<event_id>`). */
export function v4WebhookBody(identification: EmulatedIdentification): Json {
  const { signals, network, browser } = identification
  const { geolocation } = network
  const body: Json = {
    event_id: identification.requestId,
    timestamp: identification.timestamp,
    url: identification.url,
    ip_address: network.address,
    user_agent: identification.userAgent,
    client_referrer: identification.referrer,
    browser_details: {
      browser_name: browser.name,
      browser_major_version: browser.majorVersion,
      browser_full_version: browser.fullVersion,
      os: browser.os,
      os_version: browser.osVersion,
      device: browser.device,
    },
    identification: {
      visitor_id: identification.visitorId,
      confidence: { score: identification.confidence, version: '1.1' },
      visitor_found: identification.visitorFound,
      first_seen_at: identification.firstSeenAt,
      last_seen_at: identification.lastSeenAt ?? identification.timestamp,
    },
    bot: signals.bot,
    ip_info: {
      v4: {
        address: network.address,
        geolocation: {
          accuracy_radius: geolocation.accuracyRadius,
          latitude: geolocation.latitude,
          longitude: geolocation.longitude,
          postal_code: geolocation.postalCode,
          timezone: geolocation.timezone,
          city_name: geolocation.city,
          country_code: geolocation.countryCode,
          country_name: geolocation.countryName,
          continent_code: geolocation.continentCode,
          continent_name: geolocation.continentName,
          subdivisions: [{ iso_code: geolocation.subdivision.isoCode, name: geolocation.subdivision.name }],
        },
        asn: network.asn,
        asn_name: network.asnName,
        asn_network: network.asnNetwork,
        asn_type: network.datacenter ? 'hosting' : 'isp',
        datacenter_result: network.datacenter,
        datacenter_name: network.datacenterName,
      },
    },
    ip_blocklist: { email_spam: false, attack_source: false, tor_node: signals.tor },
    proxy: signals.proxy,
    proxy_confidence: signals.proxyConfidence,
    vpn: signals.vpn,
    vpn_confidence: signals.vpnConfidence,
    vpn_origin_timezone: signals.vpnOriginTimezone,
    vpn_origin_country: signals.vpnOriginCountry,
    vpn_methods: {
      timezone_mismatch: signals.vpnTimezoneMismatch,
      public_vpn: signals.vpn,
      auxiliary_mobile: false,
      os_mismatch: false,
      relay: false,
    },
    incognito: signals.incognito,
    tampering: signals.tampering,
    tampering_details: { anomaly_score: signals.anomalyScore, anti_detect_browser: signals.antiDetectBrowser },
    privacy_settings: signals.privacySettings,
    virtual_machine: signals.virtualMachine,
    location_spoofing: signals.locationSpoofing,
    developer_tools: signals.developerTools,
    mitm_attack: signals.mitmAttack,
    high_activity_device: signals.highActivity,
    suspect_score: signals.suspectScore,
    velocity: {
      events: v4Intervals(signals.velocity.events),
      ip_events: v4Intervals(signals.velocity.ipEvents),
      distinct_ip: v4Intervals(signals.velocity.distinctIp),
      distinct_country: v4Intervals(signals.velocity.distinctCountry),
    },
    replayed: false,
    sdk: { platform: 'js', version: identification.sdkVersion },
  }
  if (signals.botType) body.bot_type = signals.botType
  if (identification.tag !== undefined) body.tags = identification.tag
  if (identification.linkedId !== undefined) body.linked_id = identification.linkedId
  return body
}
