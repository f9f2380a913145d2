import type { WebhookEnvelope } from '../envelope/read-envelope'
import { compact, type JsonObject } from '../lib/json'
import {
  asBoolean,
  asChoice,
  asFirstObject,
  asNumber,
  asObject,
  asString,
  factoryResetToIsoDate,
  toIsoDate,
} from './event-fields'
import {
  signalConfidences,
  type FingerprintEvent,
  type FingerprintPlatform,
  type FingerprintSignals,
  type IpLocation,
  type Velocity,
  type VelocityCounts,
  type VpnMethod,
} from './fingerprint-event'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const parseDate = Date.parse

/** Reads a legacy (v3, camelCase) Fingerprint webhook body, as its envelope says it is. */
export function readV3Event(envelope: WebhookEnvelope): FingerprintEvent {
  const { body, eventId: requestId } = envelope
  const browserDetails = asObject(body.browserDetails)
  const sdk = asObject(body.sdk)
  const platform = readV3Platform(asString(sdk?.platform))
  const browser = platform === 'browser'
  // An object literal, not `compact`: see `compact` (absent members are undefined).
  return {
    format: 'v3',
    requestId,
    timestamp: asNumber(body.timestamp) ?? parseDate(asString(body.time) ?? ''),
    visitorId: asString(body.visitorId),
    visitorFound: asBoolean(body.visitorFound),
    confidence: asNumber(asObject(body.confidence)?.score),
    firstSeenAt: toIsoDate(asString(asObject(body.firstSeenAt)?.subscription)),
    lastSeenAt: toIsoDate(asString(asObject(body.lastSeenAt)?.subscription)),
    linkedId: asString(body.linkedId),
    environmentId: asString(body.environmentId),
    replayed: asBoolean(body.replayed),
    highRecallVisitorId: asString(asObject(asObject(body.supplementaryIds)?.highRecall)?.visitorId),
    platform,
    url: asString(body.url),
    referrer: asString(body.clientReferrer),
    ip: asString(body.ip),
    userAgent: asString(body.userAgent) ?? asString(browserDetails?.userAgent),
    browser:
      browserDetails &&
      compact({
        browserName: asString(browserDetails.browserName),
        browserMajorVersion: asString(browserDetails.browserMajorVersion),
        browserFullVersion: asString(browserDetails.browserFullVersion),
        os: asString(browserDetails.os),
        osVersion: asString(browserDetails.osVersion),
        device: asString(browserDetails.device),
      }),
    os: browser
      ? undefined
      : compact({ name: asString(browserDetails?.os), version: asString(browserDetails?.osVersion) }),
    device: browser ? undefined : compact({ model: asString(browserDetails?.device) }),
    sdk: compact({ platform: asString(sdk?.platform), version: asString(sdk?.version) }),
    location: readV3Location(body),
    signals: readV3Signals(body),
    tag: envelope.tag,
  }
}

function readV3Platform(sdkPlatform: string | undefined): FingerprintPlatform {
  return sdkPlatform === 'ios' || sdkPlatform === 'android' ? sdkPlatform : 'browser'
}

function readV3Location(body: JsonObject): IpLocation | undefined {
  const ipInfo = asObject(body.ipInfo)
  const geolocation =
    asObject(asObject(ipInfo?.v4)?.geolocation) ??
    asObject(asObject(ipInfo?.v6)?.geolocation) ??
    asObject(body.ipLocation)
  if (!geolocation) return undefined
  const country = asObject(geolocation.country)
  return compact({
    city: asString(asObject(geolocation.city)?.name),
    country: asString(country?.name),
    countryCode: asString(country?.code),
    region: asString(asFirstObject(geolocation.subdivisions)?.name),
    postalCode: asString(geolocation.postalCode),
    latitude: asNumber(geolocation.latitude),
    longitude: asNumber(geolocation.longitude),
    timezone: asString(geolocation.timezone),
    accuracyRadius: asNumber(geolocation.accuracyRadius),
  })
}

/** `signal.result` as a boolean: the common shape of v3 Smart Signals. */
function result(signal: unknown): boolean | undefined {
  return asBoolean(asObject(signal)?.result)
}

function readV3Signals(body: JsonObject): FingerprintSignals {
  const botSignal = asObject(body.bot)
  const bot = botSignal?.result
  const vpn = asObject(body.vpn)
  const proxy = asObject(body.proxy)
  const proxyDetails = asObject(proxy?.details)
  const tampering = asObject(body.tampering)
  const ipInfo = asObject(body.ipInfo)
  const ipV4 = asObject(ipInfo?.v4)
  const ipV6 = asObject(ipInfo?.v6)
  const datacenterV4 = asObject(ipV4?.datacenter)
  const datacenterV6 = asObject(ipV6?.datacenter)
  // The ASN fields of one address, not a mix of both.
  const asn = asObject(ipV4?.asn) ?? asObject(ipV6?.asn)
  return {
    bot: bot === 'notDetected' ? 'not_detected' : bot === 'good' || bot === 'bad' ? bot : undefined,
    botType: asString(botSignal?.type),
    vpn: asBoolean(vpn?.result),
    vpnConfidence: asChoice(vpn?.confidence, signalConfidences),
    vpnOriginCountry: asString(vpn?.originCountry),
    vpnOriginTimezone: asString(vpn?.originTimezone),
    vpnMethods: readV3VpnMethods(asObject(vpn?.methods)),
    proxy: asBoolean(proxy?.result),
    proxyConfidence: asChoice(proxy?.confidence, signalConfidences),
    proxyType: asString(proxyDetails?.proxyType),
    proxyLastSeenAt: toIsoDate(asString(proxyDetails?.lastSeenAt)),
    tor: result(body.tor),
    tampering: asBoolean(tampering?.result),
    tamperingAnomalyScore: asNumber(tampering?.anomalyScore),
    antiDetectBrowser: asBoolean(tampering?.antiDetectBrowser),
    incognito: asBoolean(body.incognito),
    virtualMachine: result(body.virtualMachine),
    privacySettings: result(body.privacySettings),
    developerTools: result(body.developerTools),
    highActivity: result(body.highActivity),
    ipBlocklist: result(body.ipBlocklist),
    datacenter: asBoolean(datacenterV4?.result) ?? asBoolean(datacenterV6?.result),
    datacenterName: asString(datacenterV4?.name) ?? asString(datacenterV6?.name),
    asn: asString(asn?.asn),
    asnName: asString(asn?.name),
    asnType: asString(asn?.type),
    suspectScore: asNumber(asObject(body.suspectScore)?.result),
    velocity: readV3Velocity(asObject(body.velocity)),
    emulator: result(body.emulator),
    rootApps: result(body.rootApps),
    jailbroken: result(body.jailbroken),
    frida: result(body.frida),
    clonedApp: result(body.clonedApp),
    locationSpoofing: result(body.locationSpoofing),
    mitmAttack: result(body.mitmAttack),
    factoryResetAt: factoryResetToIsoDate(asNumber(asObject(body.factoryReset)?.timestamp)),
  }
}

/** The VPN detection methods that fired, by their v4 names (v3 has no `ml_prediction`). */
function readV3VpnMethods(methods: JsonObject | undefined): VpnMethod[] | undefined {
  if (methods === undefined) return undefined
  const fired: VpnMethod[] = []
  if (methods.timezoneMismatch === true) fired.push('timezone_mismatch')
  if (methods.publicVPN === true) fired.push('public_vpn')
  if (methods.auxiliaryMobile === true) fired.push('auxiliary_mobile')
  if (methods.osMismatch === true) fired.push('os_mismatch')
  if (methods.relay === true) fired.push('relay')
  return fired
}

function readV3Velocity(velocity: JsonObject | undefined): Velocity | undefined {
  return (
    velocity && {
      events: readV3Counts(velocity.events),
      ipEvents: readV3Counts(velocity.ipEvents),
      distinctIp: readV3Counts(velocity.distinctIp),
      distinctCountry: readV3Counts(velocity.distinctCountry),
      distinctLinkedId: readV3Counts(velocity.distinctLinkedId),
      distinctIpByLinkedId: readV3Counts(velocity.distinctIpByLinkedId),
      distinctVisitorIdByLinkedId: readV3Counts(velocity.distinctVisitorIdByLinkedId),
    }
  )
}

function readV3Counts(value: unknown): VelocityCounts | undefined {
  const intervals = asObject(asObject(value)?.intervals)
  return (
    intervals && { '5m': asNumber(intervals['5m']), '1h': asNumber(intervals['1h']), '24h': asNumber(intervals['24h']) }
  )
}
