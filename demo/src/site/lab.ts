/**
 * The browser package's test page (`/lab.html`, used by `e2e/browser-*.spec.ts`): the REAL
 * Analytics.js and v3 loader against the demo's stand-ins, the plugin with the default session cache,
 * and a link tracked with `analytics.trackLink`. `?consent=<category>` sets the plugin's `consent`,
 * `?timeout=<ms>` its `timeout`.
 */
import { fingerprintPlugin } from '@fingerprint-segment/browser'
import { loadAnalytics } from './analytics'
import { readDemoSettings } from './demo-settings'
import { loadFingerprintAgent } from './fingerprint-agent'

async function main(): Promise<void> {
  const settings = readDemoSettings()
  const query = new URLSearchParams(location.search)
  const consent = query.get('consent')
  const timeout = query.get('timeout')
  const plugin = fingerprintPlugin({
    agent: loadFingerprintAgent('v3', settings.fingerprintApiKey).agent,
    ...(consent ? { consent } : {}),
    ...(timeout ? { timeout: Number(timeout) } : {}),
  })
  const analytics = await loadAnalytics(settings.browserWriteKey, [plugin])
  window.analytics = analytics
  const link = document.getElementById('tracked-link')
  void analytics.trackLink(link, 'Clicked Link')
  document.body.dataset.ready = 'true'
}

void main()
