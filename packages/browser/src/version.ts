// Bundlers inline the one field (the build emits only the string); tests and the demo read it from the sources.
import { version } from '../package.json'

/** This package's version, from its `package.json`. */
export const VERSION: string = version

/**
 * How this package names itself to Fingerprint: pass it in the agent's `integrationInfo` start
 * option (`load()` for the v3 agent, `start()` for v4). Neither agent accepts it per `get()`.
 */
export const INTEGRATION_INFO = `fingerprint-segment-browser/${VERSION}`
