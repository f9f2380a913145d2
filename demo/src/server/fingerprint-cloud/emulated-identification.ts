/**
 * EMULATED: what Fingerprint's cloud knows about one identification, in a format-neutral shape the
 * v3 and v4 webhook builders both read. Fingerprint computes these from the browser; the stand-in
 * derives them from a device id kept in the page's localStorage, the User-Agent and a demo switch.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { AgentVersion } from '../../shared/activity'

/** Counts over Fingerprint's three velocity windows. */
export interface WindowedCount {
  '5m': number
  '1h': number
  '24h': number
}

/** An emulated IP address with its geolocation (documentation ranges: never a real visitor's). */
export interface EmulatedNetwork {
  address: string
  datacenter: boolean
  datacenterName: string
  asn: string
  asnName: string
  asnNetwork: string
  geolocation: {
    accuracyRadius: number
    latitude: number
    longitude: number
    postalCode: string
    timezone: string
    city: string
    countryCode: string
    countryName: string
    continentCode: string
    continentName: string
    subdivision: { isoCode: string; name: string }
  }
}

export interface EmulatedBrowser {
  name: string
  majorVersion: string
  fullVersion: string
  os: string
  osVersion: string
  device: string
}

/** The Smart Signals of one identification. */
export interface EmulatedSignals {
  bot: 'not_detected' | 'good' | 'bad'
  botType?: string | undefined
  vpn: boolean
  vpnConfidence: 'low' | 'medium' | 'high'
  vpnOriginTimezone: string
  vpnOriginCountry: string
  vpnTimezoneMismatch: boolean
  proxy: boolean
  proxyConfidence: 'low' | 'medium' | 'high'
  tor: boolean
  tampering: boolean
  anomalyScore: number
  antiDetectBrowser: boolean
  incognito: boolean
  virtualMachine: boolean
  privacySettings: boolean
  developerTools: boolean
  highActivity: boolean
  locationSpoofing: boolean
  mitmAttack: boolean
  suspectScore: number
  velocity: {
    events: WindowedCount
    ipEvents: WindowedCount
    distinctIp: WindowedCount
    distinctCountry: WindowedCount
  }
}

export interface EmulatedIdentification {
  agent: AgentVersion
  /** v3 `requestId` / v4 `event_id`. */
  requestId: string
  /** Epoch milliseconds. */
  timestamp: number
  visitorId: string
  visitorFound: boolean
  confidence: number
  /** Epoch milliseconds. */
  firstSeenAt: number
  /** Epoch milliseconds of the visitor's previous identification, if any. */
  lastSeenAt?: number | undefined
  url: string
  referrer: string
  userAgent: string
  /** The tag the page sent (v3 `tag`; v4 `tags`, or `tag` when `tags` is absent). */
  tag: unknown
  linkedId?: string | undefined
  network: EmulatedNetwork
  browser: EmulatedBrowser
  signals: EmulatedSignals
  /** The agent version reported in `sdk.version`. */
  sdkVersion: string
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function toBase62(bytes: Uint8Array, length: number): string {
  let out = ''
  for (let index = 0; index < length; index++) out += base62.charAt((bytes[index] ?? 0) % 62)
  return out
}

/** A stable 20-character visitorId for a device id (same device, same visitorId). */
export function visitorIdFor(deviceId: string): string {
  return toBase62(createHash('sha256').update(`fingerprint-stand-in:${deviceId}`).digest(), 20)
}

/** A request id shaped like Fingerprint's: `<epoch ms>.<6 characters>`. */
export function newRequestId(timestamp: number): string {
  return `${timestamp}.${toBase62(randomBytes(6), 6)}`
}

/** Browser name, versions and OS read from a Chromium/Firefox/Safari User-Agent. */
export function readBrowser(userAgent: string): EmulatedBrowser {
  const chrome = /(HeadlessChrome|Chrome|Chromium)\/((\d+)[\d.]*)/.exec(userAgent)
  const firefox = /Firefox\/((\d+)[\d.]*)/.exec(userAgent)
  const safari = /Version\/((\d+)[\d.]*).*Safari/.exec(userAgent)
  const [name, fullVersion, majorVersion] = chrome
    ? [chrome[1] === 'HeadlessChrome' ? 'Chrome Headless' : 'Chrome', chrome[2], chrome[3]]
    : firefox
      ? ['Firefox', firefox[1], firefox[2]]
      : safari
        ? ['Safari', safari[1], safari[2]]
        : ['Other', '0', '0']
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'Mac OS X'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Linux/.test(userAgent)
          ? 'Linux'
          : 'Other'
  const osVersion =
    /Windows NT ([\d.]+)/.exec(userAgent)?.[1] ?? /Mac OS X ([\d_]+)/.exec(userAgent)?.[1]?.replaceAll('_', '.') ?? ''
  return { name, fullVersion: fullVersion ?? '0', majorVersion: majorVersion ?? '0', os, osVersion, device: 'Other' }
}
