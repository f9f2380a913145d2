import type { WebhookEnvelope } from '../envelope/read-envelope'
import { compact, type JsonObject } from '../lib/json'
import {
  asArray,
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
  fingerprintEventSources,
  maxTriggeringRules,
  ruleActionTypes,
  signalConfidences,
  vpnMethodNames,
  type BotInfo,
  type FingerprintEvent,
  type FingerprintPlatform,
  type FingerprintSignals,
  type IpLocation,
  type RuleAction,
  type TriggeringRule,
  type Velocity,
  type VelocityCounts,
  type VpnMethod,
} from './fingerprint-event'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const notANumber = Number.NaN

/** Reads a v4 (snake_case) Fingerprint webhook body, as its envelope says it is. */
export function readV4Event(envelope: WebhookEnvelope): FingerprintEvent {
  const { body, eventId } = envelope
  const identification = asObject(body.identification)
  const browserDetails = asObject(body.browser_details)
  const sdk = asObject(body.sdk)
  const bundleId = asString(body.bundle_id)
  const packageName = asString(body.package_name)
  const platform = readV4Platform(asString(sdk?.platform), bundleId, packageName)
  const appNamespace = bundleId ?? packageName
  // "Smart Signals, even if included in your plan, are not computed; hence, their values must be ignored."
  const signalsIgnored = body.incremental_identification_status === 'partially_completed'
  // An object literal, not `compact`: see `compact` (absent members are undefined).
  return {
    format: 'v4',
    requestId: eventId,
    timestamp: asNumber(body.timestamp) ?? notANumber,
    visitorId: asString(identification?.visitor_id),
    visitorFound: asBoolean(identification?.visitor_found),
    confidence: asNumber(asObject(identification?.confidence)?.score),
    firstSeenAt: toIsoDate(asNumber(identification?.first_seen_at)),
    lastSeenAt: toIsoDate(asNumber(identification?.last_seen_at)),
    linkedId: asString(body.linked_id),
    environmentId: asString(body.environment_id),
    source: asChoice(body.source, fingerprintEventSources),
    suspect: asBoolean(body.suspect),
    replayed: asBoolean(body.replayed),
    highRecallVisitorId: asString(asObject(body.supplementary_id_high_recall)?.visitor_id),
    ruleAction: readRuleAction(asObject(body.rule_action)),
    triggeredBy: readTriggeringRules(asArray(body.triggered_by)),
    signalsIgnored: signalsIgnored || undefined,
    platform,
    url: asString(body.url),
    referrer: asString(body.client_referrer),
    ip: asString(body.ip_address),
    userAgent: asString(body.user_agent),
    browser:
      browserDetails &&
      compact({
        browserName: asString(browserDetails.browser_name),
        browserMajorVersion: asString(browserDetails.browser_major_version),
        browserFullVersion: asString(browserDetails.browser_full_version),
        os: asString(browserDetails.os),
        osVersion: asString(browserDetails.os_version),
        device: asString(browserDetails.device),
      }),
    app: appNamespace ? { namespace: appNamespace } : undefined,
    os: compact({
      name: asString(body.os) ?? asString(browserDetails?.os),
      version: asString(body.os_version) ?? asString(browserDetails?.os_version),
    }),
    device: compact({ model: asString(body.device) ?? asString(browserDetails?.device) }),
    sdk: compact({ platform: asString(sdk?.platform), version: asString(sdk?.version) }),
    location: signalsIgnored ? undefined : readV4Location(asObject(body.ip_info)),
    signals: signalsIgnored ? {} : readV4Signals(body),
    tag: envelope.tag,
  }
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

/** `rule_action`: the decision (`allow` or `block`) and which ruleset and rule took it. */
function readRuleAction(ruleAction: JsonObject | undefined): RuleAction | undefined {
  const type = asChoice(ruleAction?.type, ruleActionTypes)
  if (type === undefined) return undefined
  return compact<RuleAction>({
    type,
    rulesetId: asString(ruleAction?.ruleset_id),
    ruleId: asString(ruleAction?.rule_id),
  })
}

/** `triggered_by`: each rule's id and name (its description stays at Fingerprint), the first `maxTriggeringRules`. */
function readTriggeringRules(rules: readonly unknown[] | undefined): TriggeringRule[] | undefined {
  if (rules === undefined) return undefined
  const result: TriggeringRule[] = []
  for (const item of rules) {
    const rule = asObject(item)
    const id = asString(rule?.id)
    if (id === undefined) continue
    result.push(compact<TriggeringRule>({ id, name: asString(rule?.name) }))
    if (result.length === maxTriggeringRules) break
  }
  return result.length > 0 ? result : undefined
}

function readV4Location(ipInfo: JsonObject | undefined): IpLocation | undefined {
  const geolocation = asObject(asObject(ipInfo?.v4)?.geolocation) ?? asObject(asObject(ipInfo?.v6)?.geolocation)
  if (!geolocation) return undefined
  return compact({
    city: asString(geolocation.city_name),
    country: asString(geolocation.country_name),
    countryCode: asString(geolocation.country_code),
    region: asString(asFirstObject(geolocation.subdivisions)?.name),
    postalCode: asString(geolocation.postal_code),
    latitude: asNumber(geolocation.latitude),
    longitude: asNumber(geolocation.longitude),
    timezone: asString(geolocation.timezone),
    accuracyRadius: asNumber(geolocation.accuracy_radius),
  })
}

function readV4Signals(body: JsonObject): FingerprintSignals {
  const bot = body.bot
  const blocklist = asObject(body.ip_blocklist)
  const tamperingDetails = asObject(body.tampering_details)
  const proxyDetails = asObject(body.proxy_details)
  const ipInfo = asObject(body.ip_info)
  const ipV4 = asObject(ipInfo?.v4)
  const ipV6 = asObject(ipInfo?.v6)
  // The ASN fields of one address, not a mix of both.
  const asnSource = asString(ipV4?.asn) === undefined ? ipV6 : ipV4
  const emailSpam = asBoolean(blocklist?.email_spam)
  const attackSource = asBoolean(blocklist?.attack_source)
  const emulator = asBoolean(body.emulator)
  const simulator = asBoolean(body.simulator)
  return {
    bot: bot === 'not_detected' || bot === 'good' || bot === 'bad' ? bot : undefined,
    botType: asString(body.bot_type),
    botInfo: readBotInfo(asObject(body.bot_info)),
    vpn: asBoolean(body.vpn),
    vpnConfidence: asChoice(body.vpn_confidence, signalConfidences),
    vpnOriginCountry: asString(body.vpn_origin_country),
    vpnOriginTimezone: asString(body.vpn_origin_timezone),
    vpnMethods: readVpnMethods(asObject(body.vpn_methods)),
    vpnMlScore: asNumber(body.vpn_ml_score),
    proxy: asBoolean(body.proxy),
    proxyConfidence: asChoice(body.proxy_confidence, signalConfidences),
    proxyType: asString(proxyDetails?.proxy_type),
    proxyProvider: asString(proxyDetails?.provider),
    proxyLastSeenAt: toIsoDate(asNumber(proxyDetails?.last_seen_at)),
    proxyMlScore: asNumber(body.proxy_ml_score),
    tor: asBoolean(blocklist?.tor_node),
    tampering: asBoolean(body.tampering),
    tamperingConfidence: asChoice(body.tampering_confidence, signalConfidences),
    tamperingAnomalyScore: asNumber(tamperingDetails?.anomaly_score),
    tamperingMlScore: asNumber(body.tampering_ml_score),
    antiDetectBrowser: asBoolean(tamperingDetails?.anti_detect_browser),
    incognito: asBoolean(body.incognito),
    virtualMachine: asBoolean(body.virtual_machine),
    virtualMachineMlScore: asNumber(body.virtual_machine_ml_score),
    privacySettings: asBoolean(body.privacy_settings),
    developerTools: asBoolean(body.developer_tools),
    highActivity: asBoolean(body.high_activity_device),
    ipBlocklist:
      emailSpam === undefined && attackSource === undefined ? undefined : emailSpam === true || attackSource === true,
    datacenter: asBoolean(ipV4?.datacenter_result) ?? asBoolean(ipV6?.datacenter_result),
    datacenterName: asString(ipV4?.datacenter_name) ?? asString(ipV6?.datacenter_name),
    asn: asString(asnSource?.asn),
    asnName: asString(asnSource?.asn_name),
    asnType: asString(asnSource?.asn_type),
    suspectScore: asNumber(body.suspect_score),
    velocity: readV4Velocity(asObject(body.velocity)),
    rareDevice: asBoolean(body.rare_device),
    rareDevicePercentile: asString(body.rare_device_percentile_bucket),
    emulator: emulator === undefined && simulator === undefined ? undefined : emulator === true || simulator === true,
    rootApps: asBoolean(body.root_apps),
    jailbroken: asBoolean(body.jailbroken),
    frida: asBoolean(body.frida),
    clonedApp: asBoolean(body.cloned_app),
    locationSpoofing: asBoolean(body.location_spoofing),
    mitmAttack: asBoolean(body.mitm_attack),
    activeCall: asBoolean(body.active_call),
    factoryResetAt: factoryResetToIsoDate(asNumber(body.factory_reset_timestamp)),
  }
}

function readBotInfo(botInfo: JsonObject | undefined): BotInfo | undefined {
  return (
    botInfo &&
    compact<BotInfo>({
      category: asString(botInfo.category),
      provider: asString(botInfo.provider),
      name: asString(botInfo.name),
      identity: asString(botInfo.identity),
      confidence: asChoice(botInfo.confidence, signalConfidences),
    })
  )
}

/** The VPN detection methods that fired (`vpn_methods` members that are `true`). */
function readVpnMethods(methods: JsonObject | undefined): VpnMethod[] | undefined {
  if (methods === undefined) return undefined
  const fired: VpnMethod[] = []
  for (const name of vpnMethodNames) if (methods[name] === true) fired.push(name)
  return fired
}

function readV4Velocity(velocity: JsonObject | undefined): Velocity | undefined {
  return (
    velocity && {
      events: readV4Counts(velocity.events),
      ipEvents: readV4Counts(velocity.ip_events),
      distinctIp: readV4Counts(velocity.distinct_ip),
      distinctCountry: readV4Counts(velocity.distinct_country),
      distinctLinkedId: readV4Counts(velocity.distinct_linked_id),
      distinctIpByLinkedId: readV4Counts(velocity.distinct_ip_by_linked_id),
      distinctVisitorIdByLinkedId: readV4Counts(velocity.distinct_visitor_id_by_linked_id),
    }
  )
}

function readV4Counts(value: unknown): VelocityCounts | undefined {
  const counts = asObject(value)
  return (
    counts && {
      '5m': asNumber(counts['5_minutes']),
      '1h': asNumber(counts['1_hour']),
      '24h': asNumber(counts['24_hours']),
    }
  )
}
