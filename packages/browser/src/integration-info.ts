import { INTEGRATION_INFO } from './version'

/** The `integrationInfo` start option shared by the v3 `load()` and the v4 `start()` options. */
export interface WithIntegrationInfo {
  integrationInfo?: readonly string[]
}

/**
 * Returns a copy of the agent's load/start options with this package added to `integrationInfo`,
 * keeping the entries already there (and not adding it twice).
 *
 * @example
 * const agent = FingerprintJS.load(withIntegrationInfo({ apiKey: 'your-public-key' }))
 * const agent = Fingerprint.start(withIntegrationInfo({ apiKey: 'your-public-key' }))
 */
export function withIntegrationInfo<T extends WithIntegrationInfo>(options: T): T & { integrationInfo: readonly string[] } {
  const current = options.integrationInfo ?? []
  const integrationInfo = current.includes(INTEGRATION_INFO) ? current : [...current, INTEGRATION_INFO]
  return { ...options, integrationInfo }
}
