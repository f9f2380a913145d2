/**
 * Loads the REAL Fingerprint npm loaders, pointed at the local stand-in of Fingerprint's cloud
 * (`/fp` on this server) instead of Fingerprint's CDN.
 */
import * as FingerprintV3 from '@fingerprintjs/fingerprintjs-pro'
import * as FingerprintV4 from '@fingerprint/agent'
import { INTEGRATION_INFO, type FingerprintAgentV3, type FingerprintAgentV4 } from '@fingerprint-segment/browser'

/** The agent of the selected version, while it loads. */
export type LoadingAgent =
  { version: 'v3'; agent: Promise<FingerprintAgentV3> } | { version: 'v4'; agent: Promise<FingerprintAgentV4> }

export function loadFingerprintAgent(version: 'v3' | 'v4', apiKey: string): LoadingAgent {
  if (version === 'v4') {
    // start() is synchronous; the loader imports `<endpoint>/web/v4/<apiKey>` when get() first needs it.
    // withoutDefault: never fall back to Fingerprint's own endpoints.
    const agent = FingerprintV4.start({
      apiKey,
      endpoints: FingerprintV4.withoutDefault(`${location.origin}/fp/`),
      integrationInfo: [INTEGRATION_INFO],
    })
    return { version, agent: Promise.resolve(agent) }
  }
  // Not awaited: Analytics.js starts at once; the plugin waits (boundedly) for the agent.
  const agent = FingerprintV3.load({
    apiKey,
    scriptUrlPattern: `${location.origin}/fp/agent/v<version>/<apiKey>/loader_v<loaderVersion>.js`,
    integrationInfo: [INTEGRATION_INFO],
  })
  return { version, agent }
}
