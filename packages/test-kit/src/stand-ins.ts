// @fingerprint-segment/test-kit/stand-ins: the stand-ins of Segment's and Fingerprint's services and
// the function runtime, with no dependency beyond the source-function package: what the demo
// serves (its install has nothing else; `stand-ins.test.ts` keeps it so). The main entry has these
// and the test-only helpers. Listed explicitly.

// Segment's Functions runtime, and the BUILT pasteable bundle in it.
export {
  loadFunctionSandbox,
  loadFunctionSandboxFromCode,
  segmentWebhookUrl,
  withSortedKeys,
} from './segment-functions/function-sandbox'
export type {
  EmittedCall,
  FunctionSandbox,
  FunctionSandboxOptions,
  PreparedRun,
  SandboxMode,
  SandboxRequest,
  SandboxResult,
  TimedSandboxResult,
} from './segment-functions/function-sandbox'
export {
  functionBundlePath,
  loadAuthenticatedFunction,
  loadBuiltFunction,
  testWebhookToken,
} from './segment-functions/built-function'
export { default as rebuildStaleBundle } from './segment-functions/rebuild-stale-bundle'

// Segment's Tracking API, on a port of its own or a path of another server.
export { createTrackingApiStandIn, startTrackingApiStandIn } from './segment/tracking-api-stand-in'
export type {
  BatchRequest,
  MountableTrackingApiStandIn,
  RecordedEvent,
  TrackingApiMode,
  TrackingApiStandIn,
  TrackingApiStandInOptions,
  TrackingApiStandInState,
} from './segment/tracking-api-stand-in'

// Fingerprint's Server API, the same two ways, and the fetch that routes Fingerprint's hosts to it.
export { createServerApiStandIn, startServerApiStandIn } from './fingerprint/server-api-stand-in'
export type {
  MountableServerApiStandIn,
  ServerApiMode,
  ServerApiRequest,
  ServerApiStandIn,
  ServerApiStandInOptions,
  ServerApiStandInState,
} from './fingerprint/server-api-stand-in'
export { isFingerprintApiHost, routeFingerprintApi } from './fingerprint/fingerprint-api-routing.mjs'
export type { FingerprintApiRoutingOptions } from './fingerprint/fingerprint-api-routing.mjs'
export { serverApiPreloadPath } from './fingerprint/server-api-preload-path'

// Serving a stand-in: its handler, and CORS as the real services answer browsers.
export type { StandInHandler } from './http/stand-in-handler'
export { allowAnyOrigin, answerPreflight } from './http/cross-origin'
