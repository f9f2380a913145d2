/**
 * The demo site's script: the REAL Analytics.js and Fingerprint loaders (pointed at this server's
 * stand-ins of Segment's and Fingerprint's clouds), the browser package registered as an
 * Analytics.js plugin and used through the wrapped `fp.get()`, and the live panel.
 */
import type { Analytics } from '@segment/analytics-next'
import { fingerprintPlugin, type FailureKind } from '@fingerprint-segment/browser'
import { loadAnalytics } from './analytics'
import { readDemoSettings, riskyDeviceSelected, selectedAgentVersion, urlWith } from './demo-settings'
import { loadFingerprintAgent } from './fingerprint-agent'
import { currentIdentityProof } from './identity-session'
import { startLivePanel, type LivePanel } from './live-panel'
import { wireProductActions } from './product-actions'
import { showToast } from './toast'

declare global {
  interface Window {
    /** The loaded Analytics.js instance, as sites usually expose it (the e2e tests use it too). */
    analytics?: Analytics
  }
}

const failureNotices: Record<FailureKind, string> = {
  'agent-load': 'Fingerprint is blocked or failed to load: events go on without a visitorId.',
  identification: 'A Fingerprint identification failed: events go on without a visitorId.',
  timeout: 'Fingerprint was slow: some events went on without a visitorId.',
  payload: 'The Segment payload could not be built.',
}

async function main(): Promise<void> {
  const settings = readDemoSettings()
  const version = selectedAgentVersion()
  const loading = loadFingerprintAgent(version, settings.fingerprintApiKey)

  const plugin = fingerprintPlugin({
    agent: loading.agent,
    // Events wait at most this long for the page load's identification (a local demo can afford
    // more than the 1 s default; it also keeps the stamp reliable on slow CI machines).
    timeout: 3000,
    identityProof: currentIdentityProof,
    onError: (_error, kind) => {
      document.body.dataset.fingerprintFailure = kind
      showToast(failureNotices[kind], 'warn')
    },
  })
  const analytics = await loadAnalytics(settings.browserWriteKey, [plugin])
  window.analytics = analytics

  const panel = startLivePanel(
    () => ({
      anonymousId: analytics.user().anonymousId() ?? undefined,
      userId: analytics.user().id() ?? undefined,
    }),
    { eventsVerified: settings.eventsVerified },
  )
  wirePanelControls(version, panel, settings.eventsVerified)
  wireProductActions(analytics, loading)
  document.body.dataset.ready = 'true'

  await analytics.page('Home')
  panel.render()
}

function wirePanelControls(version: 'v3' | 'v4', panel: LivePanel, eventsVerified: boolean): void {
  // Each switch plays another browser or agent: a new session, so the plugin's session cache
  // (sessionStorage) does not stamp it from the last identification.
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-agent], a[data-risk]'))
    link.addEventListener('click', () => sessionStorage.clear())
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-agent]')) {
    link.href = urlWith('agent', link.dataset.agent === 'v4' ? 'v4' : undefined)
    link.classList.toggle('active', link.dataset.agent === version)
  }
  const risky = riskyDeviceSelected()
  const riskLink = document.querySelector<HTMLAnchorElement>('a[data-risk]')
  if (riskLink) {
    riskLink.href = urlWith('risk', risky ? undefined : 'high')
    riskLink.classList.toggle('active', risky)
    riskLink.textContent = risky ? 'Risky device: on' : 'Risky device: off'
  }
  const post = async (path: string, requestId: string | undefined, missing: string) => {
    if (!requestId) {
      showToast(missing, 'warn')
      return
    }
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId }),
    })
    if (!response.ok) showToast(`The Fingerprint stand-in answered ${response.status}`, 'error')
  }
  document
    .getElementById('replay-webhook')
    ?.addEventListener(
      'click',
      () =>
        void post(
          '/fp/admin/redeliver',
          panel.latestWebhookWithCalls(),
          'No webhook with Segment calls yet to replay.',
        ),
    )
  const forged = document.getElementById('forged-webhook')
  if (forged) {
    forged.title = eventsVerified
      ? 'An attacker’s copy of your last webhook claiming usr_admin and a clean device: the function looks the event up with Fingerprint’s Server API and maps the real one'
      : 'An attacker’s copy of your last webhook claiming usr_admin and a clean device; the Server API is off (FINGERPRINT_SERVER_API_KEY is empty), so the body is mapped as it is'
    // The copy of a webhook that produced calls: one that produced none (the coupon's skipIntegration) would show nothing.
    forged.addEventListener(
      'click',
      () =>
        void post(
          '/fp/admin/forged-webhook',
          panel.latestWebhookWithCalls(),
          'No webhook with Segment calls yet to forge.',
        ),
    )
  }
  // Clears this visitor's own activity (the panel shows no one else's).
  document
    .getElementById('clear-activity')
    ?.addEventListener('click', () => void fetch('/api/clear', { method: 'POST' }))
}

main().catch((error: unknown) => {
  console.error(error)
  showToast(`The demo failed to start: ${error instanceof Error ? error.message : String(error)}`, 'error')
})
