/**
 * EMULATED: Smart Signals for the stand-in. Fingerprint derives them from the browser and the
 * network; the stand-in uses two network profiles (an ordinary home connection, or with the demo's
 * "risky device" switch a VPN through a data centre with a tampered browser) and reads the
 * User-Agent and `navigator.webdriver` for headless and automated browsers, so the values and their shapes look like the real ones.
 */
import type { EmulatedNetwork, EmulatedSignals } from './emulated-identification'
import type { VisitorHistory } from './visitor-registry'

/** An ordinary visitor: a residential connection in Berlin (a documentation address). */
export const homeNetwork: EmulatedNetwork = {
  address: '203.0.113.42',
  datacenter: false,
  datacenterName: '',
  asn: '64500',
  asnName: 'EXAMPLE-BROADBAND',
  asnNetwork: '203.0.113.0/24',
  geolocation: {
    accuracyRadius: 20,
    latitude: 52.5235,
    longitude: 13.4115,
    postalCode: '10178',
    timezone: 'Europe/Berlin',
    city: 'Berlin',
    countryCode: 'DE',
    countryName: 'Germany',
    continentCode: 'EU',
    continentName: 'Europe',
    subdivision: { isoCode: 'BE', name: 'Land Berlin' },
  },
}

/** A risky visitor: a VPN exit in a Singapore data centre (a documentation address). */
export const vpnNetwork: EmulatedNetwork = {
  address: '198.51.100.77',
  datacenter: true,
  datacenterName: 'Example Cloud',
  asn: '64511',
  asnName: 'EXAMPLE-CLOUD',
  asnNetwork: '198.51.100.0/24',
  geolocation: {
    accuracyRadius: 100,
    latitude: 1.2897,
    longitude: 103.8501,
    postalCode: '018989',
    timezone: 'Asia/Singapore',
    city: 'Singapore',
    countryCode: 'SG',
    countryName: 'Singapore',
    continentCode: 'AS',
    continentName: 'Asia',
    subdivision: { isoCode: '01', name: 'Central Singapore' },
  },
}

/** What the page told the stand-in about the browser. */
export interface BrowserHints {
  userAgent: string
  /** The page's own time zone (`Intl`), compared with the IP's like Fingerprint's VPN detection. */
  timezone?: string | undefined
  /** `navigator.webdriver`: the browser is driven by automation (Playwright, Selenium, ...). */
  automated: boolean
  /** The demo's "risky device" switch. */
  risky: boolean
}

/** Weights of the emulated suspect score (Fingerprint's is a weighted sum of signals too). */
const suspectWeights = {
  bot: 10,
  vpn: 5,
  proxy: 3,
  tor: 8,
  tampering: 6,
  antiDetectBrowser: 6,
  virtualMachine: 4,
  datacenter: 3,
  developerTools: 2,
  highActivity: 2,
}

export function emulateSignals(
  hints: BrowserHints,
  network: EmulatedNetwork,
  history: VisitorHistory,
): EmulatedSignals {
  // Like Fingerprint's bot detection: a headless browser, or one driven by automation, is a bad bot.
  const headless = /HeadlessChrome/.test(hints.userAgent)
  const botType = headless ? 'headlessChrome' : hints.automated ? 'automationTool' : undefined
  const timezoneMismatch =
    hints.risky ||
    (hints.timezone !== undefined && hints.timezone !== network.geolocation.timezone && network.datacenter)
  const signals: Omit<EmulatedSignals, 'suspectScore'> = {
    bot: botType ? 'bad' : 'not_detected',
    botType,
    vpn: hints.risky,
    vpnConfidence: hints.risky ? 'high' : 'low',
    vpnOriginTimezone: hints.timezone ?? network.geolocation.timezone,
    vpnOriginCountry: 'unknown',
    vpnTimezoneMismatch: timezoneMismatch,
    proxy: false,
    proxyConfidence: 'low',
    tor: false,
    tampering: hints.risky,
    anomalyScore: hints.risky ? 0.9412 : 0.0213,
    antiDetectBrowser: hints.risky,
    incognito: false,
    virtualMachine: hints.risky,
    privacySettings: false,
    developerTools: false,
    highActivity: history.events['1h'] > 20,
    locationSpoofing: false,
    mitmAttack: false,
    velocity: {
      events: history.events,
      ipEvents: history.ipEvents,
      distinctIp: history.distinctIp,
      distinctCountry: history.distinctCountry,
    },
  }
  const flags: Record<keyof typeof suspectWeights, boolean> = {
    bot: signals.bot === 'bad',
    vpn: signals.vpn,
    proxy: signals.proxy,
    tor: signals.tor,
    tampering: signals.tampering,
    antiDetectBrowser: signals.antiDetectBrowser,
    virtualMachine: signals.virtualMachine,
    datacenter: network.datacenter,
    developerTools: signals.developerTools,
    highActivity: signals.highActivity,
  }
  const suspectScore = Object.entries(flags).reduce(
    (score, [name, on]) => score + (on ? suspectWeights[name as keyof typeof suspectWeights] : 0),
    0,
  )
  return { ...signals, suspectScore }
}
