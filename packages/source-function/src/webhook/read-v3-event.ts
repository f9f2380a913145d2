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

/** Reads a legacy (v3, camelCase) Fingerprint webhook body whose `requestId` is known to be a string. */
export function readV3Event(body: JsonObject, requestId: string): FingerprintEvent {
  const browserDetails = readObject(body, 'browserDetails')
  const platform = readV3Platform(readString(readObject(body, 'sdk'), 'platform'))
  const timestamp = readNumber(body, 'timestamp') ?? Date.parse(readString(body, 'time') ?? '')
  return compact<FingerprintEvent>({
    format: 'v3',
    requestId,
    timestamp,
    visitorId: readString(body, 'visitorId'),
    visitorFound: readBoolean(body, 'visitorFound'),
    confidence: readNumber(readObject(body, 'confidence'), 'score'),
    firstSeenAt: toIsoDate(readObject(body, 'firstSeenAt')?.subscription),
    linkedId: readString(body, 'linkedId'),
    platform,
    url: readString(body, 'url'),
    referrer: readString(body, 'clientReferrer'),
    ip: readString(body, 'ip'),
    userAgent: readString(body, 'userAgent') ?? readString(browserDetails, 'userAgent'),
    browser:
      browserDetails &&
      compact({
        browserName: readString(browserDetails, 'browserName'),
        browserMajorVersion: readString(browserDetails, 'browserMajorVersion'),
        browserFullVersion: readString(browserDetails, 'browserFullVersion'),
        os: readString(browserDetails, 'os'),
        osVersion: readString(browserDetails, 'osVersion'),
        device: readString(browserDetails, 'device'),
      }),
    os:
      platform === 'browser'
        ? undefined
        : compact({ name: readString(browserDetails, 'os'), version: readString(browserDetails, 'osVersion') }),
    device: platform === 'browser' ? undefined : compact({ model: readString(browserDetails, 'device') }),
    sdk: compact({
      platform: readString(readObject(body, 'sdk'), 'platform'),
      version: readString(readObject(body, 'sdk'), 'version'),
    }),
    location: readV3Location(body),
    signals: readV3Signals(body),
    tag: body.tag,
  })
}

function readV3Platform(sdkPlatform: string | undefined): FingerprintPlatform {
  return sdkPlatform === 'ios' || sdkPlatform === 'android' ? sdkPlatform : 'browser'
}

function readV3Location(body: JsonObject): IpLocation | undefined {
  const ipInfo = readObject(body, 'ipInfo')
  const geolocation =
    readObject(readObject(ipInfo, 'v4'), 'geolocation') ??
    readObject(readObject(ipInfo, 'v6'), 'geolocation') ??
    readObject(body, 'ipLocation')
  if (!geolocation) return undefined
  const country = readObject(geolocation, 'country')
  const subdivisions = geolocation.subdivisions
  const firstSubdivision: unknown = Array.isArray(subdivisions) ? subdivisions[0] : undefined
  return compact({
    city: readString(readObject(geolocation, 'city'), 'name'),
    country: readString(country, 'name'),
    countryCode: readString(country, 'code'),
    region: readString(firstSubdivision, 'name'),
    postalCode: readString(geolocation, 'postalCode'),
    latitude: readNumber(geolocation, 'latitude'),
    longitude: readNumber(geolocation, 'longitude'),
    timezone: readString(geolocation, 'timezone'),
    accuracyRadius: readNumber(geolocation, 'accuracyRadius'),
  })
}

/** `body[name].result` as a boolean: the common shape of v3 Smart Signals. */
function result(body: JsonObject, name: string): boolean | undefined {
  return readBoolean(readObject(body, name), 'result')
}

function readV3Signals(body: JsonObject): FingerprintSignals {
  const bot = readString(readObject(body, 'bot'), 'result')
  const vpn = readObject(body, 'vpn')
  const proxy = readObject(body, 'proxy')
  const tampering = readObject(body, 'tampering')
  const ipInfo = readObject(body, 'ipInfo')
  const datacenter =
    readBoolean(readObject(readObject(ipInfo, 'v4'), 'datacenter'), 'result') ??
    readBoolean(readObject(readObject(ipInfo, 'v6'), 'datacenter'), 'result')
  const factoryReset = readObject(body, 'factoryReset')
  const factoryResetTimestamp = readNumber(factoryReset, 'timestamp')
  const signals = compact<FingerprintSignals>({
    bot: bot === 'notDetected' ? 'not_detected' : bot === 'good' || bot === 'bad' ? bot : undefined,
    botType: readString(readObject(body, 'bot'), 'type'),
    vpn: readBoolean(vpn, 'result'),
    vpnConfidence: readString(vpn, 'confidence'),
    proxy: readBoolean(proxy, 'result'),
    proxyConfidence: readString(proxy, 'confidence'),
    tor: result(body, 'tor'),
    tampering: readBoolean(tampering, 'result'),
    tamperingAnomalyScore: readNumber(tampering, 'anomalyScore'),
    antiDetectBrowser: readBoolean(tampering, 'antiDetectBrowser'),
    incognito: readBoolean(body, 'incognito'),
    virtualMachine: result(body, 'virtualMachine'),
    privacySettings: result(body, 'privacySettings'),
    developerTools: result(body, 'developerTools'),
    highActivity: result(body, 'highActivity'),
    ipBlocklist: result(body, 'ipBlocklist'),
    datacenter,
    suspectScore: readNumber(readObject(body, 'suspectScore'), 'result'),
    velocity: readV3Velocity(readObject(body, 'velocity')),
    emulator: result(body, 'emulator'),
    rootApps: result(body, 'rootApps'),
    jailbroken: result(body, 'jailbroken'),
    frida: result(body, 'frida'),
    clonedApp: result(body, 'clonedApp'),
    locationSpoofing: result(body, 'locationSpoofing'),
    mitmAttack: result(body, 'mitmAttack'),
    factoryResetAt: factoryResetToIsoDate(factoryResetTimestamp),
    replayed: readBoolean(body, 'replayed'),
  })
  return signals ?? {}
}

const v3VelocityNames = [
  'events',
  'ipEvents',
  'distinctIp',
  'distinctCountry',
  'distinctLinkedId',
  'distinctIpByLinkedId',
  'distinctVisitorIdByLinkedId',
] as const satisfies readonly (keyof Velocity)[]

function readV3Velocity(velocity: JsonObject | undefined): Velocity | undefined {
  if (!velocity) return undefined
  const result: WithUndefined<Velocity> = {}
  for (const name of v3VelocityNames) {
    const intervals = readObject(readObject(velocity, name), 'intervals')
    result[name] =
      intervals &&
      compact<VelocityCounts>({
        '5m': readNumber(intervals, '5m'),
        '1h': readNumber(intervals, '1h'),
        '24h': readNumber(intervals, '24h'),
      })
  }
  return compact(result)
}
