/**
 * One internal shape for a Fingerprint identification event, whichever webhook format
 * (legacy v3 camelCase, v4 snake_case) and platform (browser, iOS, Android) it came in.
 * Everything is optional but the ids: a reader fills what the webhook carries and nothing else.
 * What the webhook does not carry may be an `undefined` member (the event and its signals are
 * object literals, fast to build and to read; JSON leaves such members out).
 */
export interface FingerprintEvent {
  /** Which webhook format the body used. */
  format: 'v3' | 'v4'
  /** v3 `requestId` or v4 `event_id`: Fingerprint's idempotency key for this identification. */
  requestId: string
  /** When the identification happened (epoch milliseconds, a time Segment takes: see `isSegmentTime`). */
  timestamp: number
  /** Absent when Fingerprint withholds it (the v4 agent's Zero Trust mode). */
  visitorId?: string | undefined
  visitorFound?: boolean | undefined
  /** Identification confidence, 0 to 1. */
  confidence?: number | undefined
  /** First time this subscription saw the visitor (ISO-8601). */
  firstSeenAt?: string | undefined
  /** Last time this subscription saw the visitor before this identification (ISO-8601). */
  lastSeenAt?: string | undefined
  linkedId?: string | undefined
  /** The Fingerprint environment the event belongs to (v4 `environment_id`, v3 `environmentId`). */
  environmentId?: string | undefined
  /** How the event was made (v4): `device` (an agent or a mobile SDK) or `edge` (the Automation Intelligence API). */
  source?: FingerprintEventSource | undefined
  /** The customer's own flag on the event, set through the Server API (v4 `suspect`). */
  suspect?: boolean | undefined
  /** Fingerprint marks the identification as a replay of an earlier one. */
  replayed?: boolean | undefined
  /** The high-recall visitor id (v4 `supplementary_id_high_recall.visitor_id`, v3 `supplementaryIds.highRecall.visitorId`). */
  highRecallVisitorId?: string | undefined
  /** The decision of the customer's own Fingerprint ruleset (v4 `rule_action`). */
  ruleAction?: RuleAction | undefined
  /** The customer's Fingerprint rules that triggered this webhook (v4 `triggered_by`), the first `maxTriggeringRules`. */
  triggeredBy?: TriggeringRule[] | undefined
  /**
   * Fingerprint computed no Smart Signals for this event (v4 `incremental_identification_status:
   * partially_completed`, "their values must be ignored"): `signals` is empty and `location` absent.
   */
  signalsIgnored?: true | undefined
  /** Where the identification came from. */
  platform: FingerprintPlatform
  /** Page URL (browser events). */
  url?: string | undefined
  /** `document.referrer` seen by the agent (browser events). */
  referrer?: string | undefined
  ip?: string | undefined
  userAgent?: string | undefined
  browser?: BrowserDetails | undefined
  /** Mobile app identity: iOS bundle id or Android package name. */
  app?: { namespace: string } | undefined
  os?: { name?: string; version?: string } | undefined
  device?: { model?: string } | undefined
  sdk?: { platform?: string; version?: string } | undefined
  /** IP geolocation. */
  location?: IpLocation | undefined
  signals: FingerprintSignals
  /** The raw customer tag (`tag` in v3, `tags` in v4), untrusted. */
  tag: unknown
}

export type FingerprintPlatform = 'browser' | 'ios' | 'android'

/** The values of v4 `source`. */
export const fingerprintEventSources = ['device', 'edge'] as const
export type FingerprintEventSource = (typeof fingerprintEventSources)[number]

/** The decisions a Fingerprint ruleset takes. */
export const ruleActionTypes = ['allow', 'block'] as const
export type RuleActionType = (typeof ruleActionTypes)[number]

/** The customer's ruleset decision: what it decided, and which ruleset and rule decided it. */
export interface RuleAction {
  type: RuleActionType
  rulesetId?: string
  /** The rule that matched; absent when the ruleset's default action applied. */
  ruleId?: string
}

/** One rule that triggered the webhook. */
export interface TriggeringRule {
  id: string
  name?: string
}

/** The most `triggered_by` rules kept: a webhook triggered by more rules than this is not a real one. */
export const maxTriggeringRules = 10

/** Browser and OS as Fingerprint reports them (the v3 `browserDetails` shape). */
export interface BrowserDetails {
  browserName?: string
  browserMajorVersion?: string
  browserFullVersion?: string
  os?: string
  osVersion?: string
  device?: string
}

export interface IpLocation {
  city?: string
  country?: string
  countryCode?: string
  region?: string
  postalCode?: string
  latitude?: number
  longitude?: number
  timezone?: string
  accuracyRadius?: number
}

/** Counts over the last 5 minutes, hour and day. */
export interface VelocityCounts {
  '5m'?: number | undefined
  '1h'?: number | undefined
  '24h'?: number | undefined
}

/** Fingerprint's confidence levels, lowest first. */
export const signalConfidences = ['low', 'medium', 'high'] as const

/** Fingerprint's confidence in a detection. */
export type SignalConfidence = (typeof signalConfidences)[number]

/** What Fingerprint knows of a detected bot (v4 `bot_info`). */
export interface BotInfo {
  /** e.g. `ai_agent`, `search_engine_crawler`, `browser_automation`. */
  category?: string
  /** e.g. `OpenAI`. */
  provider?: string
  /** e.g. `ChatGPT Agent`. */
  name?: string
  /** `verified`, `signed`, `spoofed` or `unknown`. */
  identity?: string
  confidence?: SignalConfidence
}

/** The VPN detection methods Fingerprint reports (v4 names; v3's camelCase ones are read as these). */
export const vpnMethodNames = [
  'timezone_mismatch',
  'public_vpn',
  'auxiliary_mobile',
  'os_mismatch',
  'relay',
  'ml_prediction',
] as const
export type VpnMethod = (typeof vpnMethodNames)[number]

/**
 * Smart Signals in one compact shape for both formats; a signal the event lacks is absent from the
 * JSON Segment receives (`undefined` in the object).
 */
export interface FingerprintSignals {
  bot?: 'not_detected' | 'good' | 'bad' | undefined
  botType?: string | undefined
  botInfo?: BotInfo | undefined
  vpn?: boolean | undefined
  vpnConfidence?: SignalConfidence | undefined
  /** The country the VPN user really is in (ISO 3166, or `unknown`). */
  vpnOriginCountry?: string | undefined
  /** The time zone the VPN user really is in. */
  vpnOriginTimezone?: string | undefined
  /** The detection methods that fired. */
  vpnMethods?: VpnMethod[] | undefined
  vpnMlScore?: number | undefined
  proxy?: boolean | undefined
  proxyConfidence?: SignalConfidence | undefined
  /** `residential`, `data_center` or `unknown`. */
  proxyType?: string | undefined
  proxyProvider?: string | undefined
  /** When the proxy was last seen (ISO-8601). */
  proxyLastSeenAt?: string | undefined
  proxyMlScore?: number | undefined
  tor?: boolean | undefined
  tampering?: boolean | undefined
  tamperingConfidence?: SignalConfidence | undefined
  tamperingAnomalyScore?: number | undefined
  tamperingMlScore?: number | undefined
  antiDetectBrowser?: boolean | undefined
  incognito?: boolean | undefined
  virtualMachine?: boolean | undefined
  virtualMachineMlScore?: number | undefined
  privacySettings?: boolean | undefined
  developerTools?: boolean | undefined
  highActivity?: boolean | undefined
  ipBlocklist?: boolean | undefined
  datacenter?: boolean | undefined
  /** The hosting provider of a datacenter IP. */
  datacenterName?: string | undefined
  /** The IP's autonomous system: its number, name and type (e.g. `7922`, `COMCAST-7922`, `isp`). */
  asn?: string | undefined
  asnName?: string | undefined
  asnType?: string | undefined
  suspectScore?: number | undefined
  velocity?: Velocity | undefined
  /** The device's configuration is rare (beta): the top 0.1 % or never seen. */
  rareDevice?: boolean | undefined
  /** How rare, as Fingerprint's percentile bucket: `<p95`, `p95-p99`, `p99-p99.5`, `p99.5-p99.9`, `p99.9+`, `not_seen`. */
  rareDevicePercentile?: string | undefined
  emulator?: boolean | undefined
  rootApps?: boolean | undefined
  jailbroken?: boolean | undefined
  frida?: boolean | undefined
  clonedApp?: boolean | undefined
  locationSpoofing?: boolean | undefined
  mitmAttack?: boolean | undefined
  /** A phone call was active during the identification (mobile apps). */
  activeCall?: boolean | undefined
  /** When the device was last factory reset (ISO-8601); absent when never or unknown. */
  factoryResetAt?: string | undefined
}

export interface Velocity {
  events?: VelocityCounts | undefined
  ipEvents?: VelocityCounts | undefined
  distinctIp?: VelocityCounts | undefined
  distinctCountry?: VelocityCounts | undefined
  distinctLinkedId?: VelocityCounts | undefined
  distinctIpByLinkedId?: VelocityCounts | undefined
  distinctVisitorIdByLinkedId?: VelocityCounts | undefined
}
