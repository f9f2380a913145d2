// @fingerprint-segment/test-kit (private): every stand-in and test helper, written once and used by
// both packages' tests, the benchmarks, the e2e tests and the demo. Each stand-in plays one real
// service and enforces what that service documents (Segment's limits come from
// `segmentLimits`). Listed explicitly.

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

// Segment's Tracking API, and what it accepts.
export { startTrackingApiStandIn } from './segment/tracking-api-stand-in'
export type {
  BatchRequest,
  RecordedEvent,
  TrackingApiMode,
  TrackingApiStandIn,
  TrackingApiStandInOptions,
} from './segment/tracking-api-stand-in'
export { assertDeliverableCall } from './segment/deliverable-call'

// Segment's Public API (functions), as its published models describe it.
export { startPublicApiStandIn } from './segment/public-api-stand-in'
export type {
  ConnectedSource,
  FaultOptions,
  InjectedFault,
  PublicApiStandIn,
  RecordedRequest,
  StandInSetting,
} from './segment/public-api-stand-in'

// Fingerprint: its Server API, its webhooks, its official examples.
export { startServerApiStandIn } from './fingerprint/server-api-stand-in'
export type { ServerApiMode, ServerApiRequest, ServerApiStandIn } from './fingerprint/server-api-stand-in'
export {
  officialFixture,
  officialFixtureText,
  officialWebhookPaths,
  projectFixture,
  projectFixtureText,
  withSegmentPayload,
} from './fingerprint/fixtures'
export { fingerprintSignature, signedWebhooks } from './fingerprint/signed-webhooks'
export type { SignedWebhook } from './fingerprint/signed-webhooks'

// Sending webhooks the way Fingerprint does, and measuring the answers.
export { postWebhook, quantile, sendConcurrently } from './load/load-driver'
export type { LoadRun, WebhookAnswer } from './load/load-driver'

// Generators for property-based tests.
export { hostileJson, hostileKey, text } from './arbitraries/hostile-json'
export {
  forgedWebhookBody,
  rightWebhookSecret,
  rightWebhookToken,
  wrongSignature,
  wrongTokenQuery,
} from './arbitraries/forged-webhooks'

// Documentation checks.
export { asDocumentedDefault, documentedDefaults } from './docs/documented-defaults'
export { crossingImports, importCycles, readImportGraph, upwardImports } from './structure/import-graph'
export type { ImportGraph } from './structure/import-graph'
