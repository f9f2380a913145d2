/**
 * The browser package's test page (`/lab.html`, used by `e2e/browser-*.spec.ts`): the REAL
 * Analytics.js and v3 loader against the demo's stand-ins, the plugin with the default session cache,
 * a link tracked with `analytics.trackLink` and a form with `analytics.trackForm`.
 * `?consent=<category>` sets the plugin's `consent`, `?timeout=<ms>` its `timeout`;
 * `&wrapper=consent-tools` wraps Analytics.js in the REAL `@segment/analytics-consent-tools`
 * wrapper, the visitor having denied every category until `window.grantConsent(category)`.
 */
import { fingerprintPlugin } from '@fingerprint-segment/browser'
import { createWrapper } from '@segment/analytics-consent-tools'
import type { AnalyticsBrowser } from '@segment/analytics-next'
import { loadAnalytics } from './analytics'
import { readDemoSettings } from './demo-settings'
import { loadFingerprintAgent } from './fingerprint-agent'

/** The consent tools' wrapper, as a consent management platform would set it up: a state and a change event. */
function consentToolsWrapper(category: string): (browser: AnalyticsBrowser) => AnalyticsBrowser {
  let categories: Record<string, boolean> = { [category]: false }
  return createWrapper<AnalyticsBrowser>({
    getCategories: () => categories,
    registerOnConsentChanged: (changed) => {
      window.grantConsent = (granted) => {
        categories = { ...categories, [granted]: true }
        changed(categories)
      }
    },
  })
}

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
  const wrap = consent && query.get('wrapper') === 'consent-tools' ? consentToolsWrapper(consent) : undefined
  const analytics = await loadAnalytics(settings.browserWriteKey, [plugin], wrap)
  window.analytics = analytics
  void analytics.trackLink(document.getElementById('tracked-link'), 'Clicked Link')
  const form = document.getElementById('tracked-form')
  if (form instanceof HTMLFormElement) void analytics.trackForm(form, 'Submitted Form')
  document.body.dataset.ready = 'true'
}

void main()
