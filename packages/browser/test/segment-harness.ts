/**
 * Loads the REAL Analytics.js (@segment/analytics-next) with no network: `cdnSettings` replaces the
 * settings download and metrics are off. The only thing mocked is `fetch` (stubbed on the happy-dom
 * window), because there is no Segment tracking API to send to: the stub records every request
 * Analytics.js makes, so tests assert on exactly what would leave the browser.
 */
import { AnalyticsBrowser, type Analytics, type Plugin } from '@segment/analytics-next'
import { expect, vi } from 'vitest'

/** An event as Analytics.js posts it to the tracking API. */
export interface SentEvent {
  type: string
  event?: string
  name?: string
  userId?: string | null
  anonymousId?: string
  groupId?: string
  properties?: Record<string, unknown>
  context: { fingerprint?: unknown; [key: string]: unknown }
}

export interface LoadedAnalytics {
  analytics: Analytics
  /** Every event sent so far, in order. */
  sent: SentEvent[]
  /** Waits (polling, bounded) until `count` events were sent, and returns them. */
  waitForSent(count: number): Promise<SentEvent[]>
}

const WRITE_KEY = 'test-write-key'

/** Forgets the identity Analytics.js and the plugin persisted by an earlier test (cookies and storage). */
export function clearSegmentStorage(): void {
  localStorage.clear()
  sessionStorage.clear()
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

export async function loadAnalytics(plugins: Plugin[] = []): Promise<LoadedAnalytics> {
  const sent: SentEvent[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL, init?: RequestInit) => {
      if (String(url).startsWith('http://tracking.test/v1/'))
        sent.push(JSON.parse(typeof init?.body === 'string' ? init.body : '') as SentEvent)
      return new Response('{}', { status: 200 })
    }),
  )
  const [analytics] = await AnalyticsBrowser.load(
    {
      writeKey: WRITE_KEY,
      cdnSettings: { integrations: { 'Segment.io': { apiKey: WRITE_KEY } }, metrics: { sampleRate: 0 } },
      plugins,
    },
    { integrations: { 'Segment.io': { apiHost: 'tracking.test/v1', protocol: 'http' } } },
  )
  const waitForSent = async (count: number): Promise<SentEvent[]> => {
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(count), { timeout: 2000, interval: 5 })
    return sent
  }
  return { analytics, sent, waitForSent }
}
