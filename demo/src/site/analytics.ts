/**
 * Loads the REAL Analytics.js (`@segment/analytics-next`) with no network to Segment: the CDN
 * settings are given inline and events go to the local stand-in of Segment's tracking API
 * (`/segment/v1` on this server). `wrap` may wrap the buffered instance before it loads (e.g.
 * `@segment/analytics-consent-tools`' `createWrapper(...)`).
 */
import { AnalyticsBrowser, type Analytics, type Plugin } from '@segment/analytics-next'

export async function loadAnalytics(
  writeKey: string,
  plugins: Plugin[],
  wrap: (browser: AnalyticsBrowser) => AnalyticsBrowser = (browser) => browser,
): Promise<Analytics> {
  const browser = wrap(new AnalyticsBrowser())
  void browser.load(
    {
      writeKey,
      // Skips the settings request to Segment's CDN.
      cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey } }, metrics: { sampleRate: 0 } },
      plugins,
    },
    {
      integrations: {
        'Segment.io': {
          apiHost: `${location.host}/segment/v1`,
          protocol: location.protocol === 'https:' ? 'https' : 'http',
        },
      },
    },
  )
  const [analytics] = await browser
  return analytics
}
