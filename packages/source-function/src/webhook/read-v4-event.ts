import { compact, type JsonObject, type WithUndefined } from '../json'
import { factoryResetToIsoDate, readBoolean, readNumber, readObject, readString, toIsoDate } from './field-reader'
import type {
  FingerprintEvent,
  FingerprintPlatform,
  FingerprintSignals,
  IpLocation,
  Velocity,
  VelocityCounts,
} from './fingerprint-event'

/** Reads a v4 (snake_case) Fingerprint webhook body whose `event_id` is known to be a string. */
export function readV4Event(body: JsonObject, eventId: string): FingerprintEvent {
  const identification = readObject(body, 'identification')
  const browserDetails = readObject(body, 'browser_details')
  const sdk = readObject(body, 'sdk')
  const bundleId = readString(body, 'bundle_id')
  const packageName = readString(body, 'package_name')
  const platform = readV4Platform(readString(sdk, 'platform'), bundleId, packageName)
  const appNamespace = bundleId ?? packageName
  return compact<FingerprintEvent>({
    format: 'v4',
    requestId: eventId,
    timestamp: readNumber(body, 'timestamp') ?? Number.NaN,
    visitorId: readString(identification, 'visitor_id'),
    visitorFound: readBoolean(identification, 'visitor_found'),
    confidence: readNumber(readObject(identification, 'confidence'), 'score'),
    firstSeenAt: toIsoDate(readNumber(identification, 'first_seen_at')),
    linkedId: readString(body, 'linked_id'),
    platform,
    url: readString(body, 'url'),
    referrer: readString(body, 'client_referrer'),
    ip: readString(body, 'ip_address'),
    userAgent: readString(body, 'user_agent'),
    browser:
      browserDetails &&
      compact({
        browserName: readString(browserDetails, 'browser_name'),
        browserMajorVersion: readString(browserDetails, 'browser_major_version'),
        browserFullVersion: readString(browserDetails, 'browser_full_version'),
        os: readString(browserDetails, 'os'),
        osVersion: readString(browserDetails, 'os_version'),
        device: readString(browserDetails, 'device'),
      }),
    app: appNamespace ? { namespace: appNamespace } : undefined,
    os: compact({
      name: readString(body, 'os') ?? readString(browserDetails, 'os'),
      version: readString(body, 'os_version') ?? readString(browserDetails, 'os_version'),
    }),
    device: compact({ model: readString(body, 'device') ?? readString(browserDetails, 'device') }),
    sdk: compact({ platform: readString(sdk, 'platform'), version: readString(sdk, 'version') }),
    location: readV4Location(readObject(body, 'ip_info')),
    signals: readV4Signals(body),
    tag: body.tags,
  })
}

function readV4Platform(
  sdkPlatform: string | undefined,
  bundleId: string | undefined,
  packageName: string | undefined,
): FingerprintPlatform {
  if (sdkPlatform === 'ios' || sdkPlatform === 'android') return sdkPlatform
  if (bundleId) return 'ios'
  if (packageName) return 'android'
  return 'browser'
}

function readV4Location(ipInfo: JsonObject | undefined): IpLocation | undefined {
  const geolocation =
    readObject(readObject(ipInfo, 'v4'), 'geolocation') ?? readObject(readObject(ipInfo, 'v6'), 'geolocation')
  if (!geolocation) return undefined
  const subdivisions = geolocation.subdivisions
  const firstSubdivision: unknown = Array.isArray(subdivisions) ? subdivisions[0] : undefined
  return compact({
    city: readString(geolocation, 'city_name'),
    country: readString(geolocation, 'country_name'),
    countryCode: readString(geolocation, 'country_code'),
    region: readString(firstSubdivision, 'name'),
    postalCode: readString(geolocation, 'postal_code'),
    latitude: readNumber(geolocation, 'latitude'),
    longitude: readNumber(geolocation, 'longitude'),
    timezone: readString(geolocation, 'timezone'),
    accuracyRadius: readNumber(geolocation, 'accuracy_radius'),
  })
}

function readV4Signals(body: JsonObject): FingerprintSignals {
  const bot = readString(body, 'bot')
  const blocklist = readObject(body, 'ip_blocklist')
  const tamperingDetails = readObject(body, 'tampering_details')
  const ipInfo = readObject(body, 'ip_info')
  const emailSpam = readBoolean(blocklist, 'email_spam')
  const attackSource = readBoolean(blocklist, 'attack_source')
  const emulator = readBoolean(body, 'emulator')
  const simulator = readBoolean(body, 'simulator')
  const factoryResetTimestamp = readNumber(body, 'factory_reset_timestamp')
  const signals = compact<FingerprintSignals>({
    bot: bot === 'not_detected' || bot === 'good' || bot === 'bad' ? bot : undefined,
    botType: readString(body, 'bot_type'),
    vpn: readBoolean(body, 'vpn'),
    vpnConfidence: readString(body, 'vpn_confidence'),
    proxy: readBoolean(body, 'proxy'),
    proxyConfidence: readString(body, 'proxy_confidence'),
    tor: readBoolean(blocklist, 'tor_node'),
    tampering: readBoolean(body, 'tampering'),
    tamperingAnomalyScore: readNumber(tamperingDetails, 'anomaly_score'),
    antiDetectBrowser: readBoolean(tamperingDetails, 'anti_detect_browser'),
    incognito: readBoolean(body, 'incognito'),
    virtualMachine: readBoolean(body, 'virtual_machine'),
    privacySettings: readBoolean(body, 'privacy_settings'),
    developerTools: readBoolean(body, 'developer_tools'),
    highActivity: readBoolean(body, 'high_activity_device'),
    ipBlocklist:
      emailSpam === undefined && attackSource === undefined ? undefined : emailSpam === true || attackSource === true,
    datacenter:
      readBoolean(readObject(ipInfo, 'v4'), 'datacenter_result') ??
      readBoolean(readObject(ipInfo, 'v6'), 'datacenter_result'),
    suspectScore: readNumber(body, 'suspect_score'),
    velocity: readV4Velocity(readObject(body, 'velocity')),
    emulator: emulator === undefined && simulator === undefined ? undefined : emulator === true || simulator === true,
    rootApps: readBoolean(body, 'root_apps'),
    jailbroken: readBoolean(body, 'jailbroken'),
    frida: readBoolean(body, 'frida'),
    clonedApp: readBoolean(body, 'cloned_app'),
    locationSpoofing: readBoolean(body, 'location_spoofing'),
    mitmAttack: readBoolean(body, 'mitm_attack'),
    factoryResetAt: factoryResetToIsoDate(factoryResetTimestamp),
    replayed: readBoolean(body, 'replayed'),
  })
  return signals ?? {}
}

const v4VelocityNames: Readonly<Record<keyof Velocity, string>> = {
  events: 'events',
  ipEvents: 'ip_events',
  distinctIp: 'distinct_ip',
  distinctCountry: 'distinct_country',
  distinctLinkedId: 'distinct_linked_id',
  distinctIpByLinkedId: 'distinct_ip_by_linked_id',
  distinctVisitorIdByLinkedId: 'distinct_visitor_id_by_linked_id',
}

function readV4Velocity(velocity: JsonObject | undefined): Velocity | undefined {
  if (!velocity) return undefined
  const result: WithUndefined<Velocity> = {}
  for (const [name, field] of Object.entries(v4VelocityNames) as [keyof Velocity, string][]) {
    const counts = readObject(velocity, field)
    result[name] =
      counts &&
      compact<VelocityCounts>({
        '5m': readNumber(counts, '5_minutes'),
        '1h': readNumber(counts, '1_hour'),
        '24h': readNumber(counts, '24_hours'),
      })
  }
  return compact(result)
}
