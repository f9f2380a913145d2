// The `./internal` entry of @fingerprint-segment/source-function: what @fingerprint-segment/receiver
// builds on beyond the main entry (the settings machinery for its own options, bounded ids for its
// logs, the Server API's hosts). NOT for users: it changes in any release, and the receiver depends
// on this package's exact version.

export { readSettings } from './settings/read-settings'
export type { SettingSource } from './settings/read-settings'
export { describeDefault, schemaDefaults } from './settings/setting-declaration'
export type { SettingDeclaration, SettingsSchema } from './settings/setting-declaration'
export { booleanKind, choiceKind, numberKind, textKind } from './settings/setting-kinds'
export { printableEventId } from './envelope/event-id'
export { isSegmentError } from './segment/errors'
export { isPlainObject } from './lib/json'
export { serverApiOrigins, serverApiTimeoutMs } from './fingerprint-api/server-api'
export type { ServerApiClientOptions } from './fingerprint-api/server-api'
export { segmentLimits } from './segment/limits'
export { segmentTrackingApi, trackingEndpoint } from './segment/tracking-endpoint'
export type { TrackingEndpoint } from './segment/tracking-endpoint'
export { settingsTabDeclarations } from './deploy/function-settings'
export { maxRetryAfterMs, parseRetryAfter, retryDelay } from './lib/retry-delay'
export type { RetryDelayOptions } from './lib/retry-delay'
export type { HeaderLookup } from './pipeline/webhook-request'
export { parseCliFlags } from './cli/parse-cli-flags'
export type { CliFlag, ParsedCliFlags } from './cli/parse-cli-flags'
