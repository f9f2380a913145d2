// The `./receiver` entry of @fingerprint-segment/source-function: the self-hosted webhook receiver
// (Node only; loads node:http, node:crypto, and the store's driver: better-sqlite3 or pg). Listed
// explicitly: everything else is internal.

export { serve } from './serve'
export type { RunningReceiver, ServeOptions } from './serve'
export { createWebhookHandler } from './create-webhook-handler'
export type { CloseOptions, HandlerSettings, WebhookHandler, WebhookHandlerOptions } from './create-webhook-handler'
export { receiverSettingsSchema } from './receiver-settings'
export type { ReceiverSettings } from './receiver-settings'
export { backfillSettingsSchema } from './backfill-settings'
export type { BackfillSettings } from './backfill-settings'
export { readStoreStatus } from './store-status'
export type { DeadLetterReport, StoreStatus } from './store-status'
export { jsonLinesLogger, silentLogger } from './receiver-log'
export type { ReceiverLogEntry, ReceiverLogger } from './receiver-log'
export { trackingEndpoint } from './tracking-endpoint'
export type { TrackingEndpoint } from './tracking-endpoint'
