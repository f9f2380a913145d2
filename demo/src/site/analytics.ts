/**
 * Loads the REAL Analytics.js (`@segment/analytics-next`) with no network to Segment: the CDN
 * settings are given inline and events go to the local stand-in of Segment's tracking API
 * (`/segment/v1` on this server).
 */
import { AnalyticsBrowser, type Analytics, type Plugin } from '@segment/analytics-next'

export async function loadAnalytics(writeKey: string, plugins: Plugin[]): Promise<Analytics> {
  const [analytics] = await AnalyticsBrowser.load(
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
  return analytics
}
