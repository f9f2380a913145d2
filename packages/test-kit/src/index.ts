// @fingerprint-segment/test-kit (private): every stand-in and test helper, written once and used by
// both packages' tests, the benchmarks, the e2e tests and the demo. Each stand-in plays one real
// service and enforces what that service documents (Segment's limits come from
// `segmentLimits`). Listed explicitly.

// The stand-ins: Segment's Functions runtime with the BUILT bundle, its Tracking API, Fingerprint's
// Server API and the fetch routed to it, CORS. Also the `./stand-ins` entry, which the demo uses.
export {
  allowAnyOrigin,
  answerPreflight,
  createServerApiStandIn,
  createTrackingApiStandIn,
  functionBundlePath,
  isFingerprintApiHost,
  loadAuthenticatedFunction,
  loadBuiltFunction,
  loadFunctionSandbox,
  loadFunctionSandboxFromCode,
  rebuildStaleBundle,
  routeFingerprintApi,
  segmentWebhookUrl,
  serverApiPreloadPath,
  startServerApiStandIn,
  startTrackingApiStandIn,
  testWebhookToken,
  withSortedKeys,
} from './stand-ins'
export type {
  BatchRequest,
  EmittedCall,
  FingerprintApiRoutingOptions,
  FunctionSandbox,
  FunctionSandboxOptions,
  MountableServerApiStandIn,
  MountableTrackingApiStandIn,
  PreparedRun,
  RecordedEvent,
  SandboxMode,
  SandboxRequest,
  SandboxResult,
  ServerApiMode,
  ServerApiRequest,
  ServerApiStandIn,
  ServerApiStandInOptions,
  ServerApiStandInState,
  StandInHandler,
  TimedSandboxResult,
  TrackingApiMode,
  TrackingApiStandIn,
  TrackingApiStandInOptions,
  TrackingApiStandInState,
} from './stand-ins'

// What Segment's Tracking API accepts, checked with Segment's own validator.
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

// Fingerprint: its webhooks, its official examples.
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
export {
  crossingImports,
  importCycles,
  packagesLoadedBy,
  readImportGraph,
  upwardImports,
} from './structure/import-graph'
export type { ImportGraph } from './structure/import-graph'

// Time a test moves itself (backoff, retention, deadlines without real waits).
export { createManualTime } from './time/manual-time'
export type { ManualTime } from './time/manual-time'
