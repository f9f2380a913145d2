/** This package's version, kept equal to `package.json` by a test. */
export const VERSION = '0.1.0'

/**
 * How this package names itself to Fingerprint: pass it in the agent's `integrationInfo` start
 * option (`load()` for the v3 agent, `start()` for v4). Neither agent accepts it per `get()`.
 */
export const INTEGRATION_INFO = `fingerprint-segment-browser/${VERSION}`
