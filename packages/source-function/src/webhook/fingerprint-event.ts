/**
 * One internal shape for a Fingerprint identification event, whichever webhook format
 * (legacy v3 camelCase, v4 snake_case) and platform (browser, iOS, Android) it came in.
 * Everything is optional but the ids: a reader fills what the webhook carries and nothing else.
 */
export interface FingerprintEvent {
  /** Which webhook format the body used. */
  format: 'v3' | 'v4'
  /** v3 `requestId` or v4 `event_id`: Fingerprint's idempotency key for this identification. */
  requestId: string
  /** When the identification happened (epoch milliseconds). */
  timestamp: number
  visitorId?: string
  visitorFound?: boolean
  /** Identification confidence, 0 to 1. */
  confidence?: number
  /** First time this subscription saw the visitor (ISO-8601). */
  firstSeenAt?: string
  linkedId?: string
  /** Where the identification came from. */
  platform: FingerprintPlatform
  /** Page URL (browser events). */
  url?: string
  /** `document.referrer` seen by the agent (browser events). */
  referrer?: string
  ip?: string
  userAgent?: string
  browser?: BrowserDetails
  /** Mobile app identity: iOS bundle id or Android package name. */
  app?: { namespace: string }
  os?: { name?: string; version?: string }
  device?: { model?: string }
  sdk?: { platform?: string; version?: string }
  /** IP geolocation. */
  location?: IpLocation
  signals: FingerprintSignals
  /** The raw customer tag (`tag` in v3, `tags` in v4), untrusted. */
  tag: unknown
}

export type FingerprintPlatform = 'browser' | 'ios' | 'android'

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
  '5m'?: number
  '1h'?: number
  '24h'?: number
}

/** Smart Signals in one compact shape for both formats; a signal the event lacks is absent. */
export interface FingerprintSignals {
  bot?: 'not_detected' | 'good' | 'bad'
  botType?: string
  vpn?: boolean
  vpnConfidence?: string
  proxy?: boolean
  proxyConfidence?: string
  tor?: boolean
  tampering?: boolean
  tamperingAnomalyScore?: number
  antiDetectBrowser?: boolean
  incognito?: boolean
  virtualMachine?: boolean
  privacySettings?: boolean
  developerTools?: boolean
  highActivity?: boolean
  ipBlocklist?: boolean
  datacenter?: boolean
  suspectScore?: number
  velocity?: Velocity
  emulator?: boolean
  rootApps?: boolean
  jailbroken?: boolean
  frida?: boolean
  clonedApp?: boolean
  locationSpoofing?: boolean
  mitmAttack?: boolean
  /** When the device was last factory reset (ISO-8601); absent when never or unknown. */
  factoryResetAt?: string
  replayed?: boolean
}

export interface Velocity {
  events?: VelocityCounts
  ipEvents?: VelocityCounts
  distinctIp?: VelocityCounts
  distinctCountry?: VelocityCounts
  distinctLinkedId?: VelocityCounts
  distinctIpByLinkedId?: VelocityCounts
  distinctVisitorIdByLinkedId?: VelocityCounts
}
