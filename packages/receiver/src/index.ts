// @fingerprint-segment/receiver: the self-hosted webhook receiver (Node only; loads node:http,
// node:crypto, and the store's driver: better-sqlite3 or pg), built on the pipeline of
// @fingerprint-segment/source-function. Listed explicitly: everything else is internal.

export { serve } from './service/serve'
export type { RunningReceiver, ServeOptions } from './service/serve'
export { createWebhookHandler } from './http/create-webhook-handler'
export type {
  CloseOptions,
  HandlerSettings,
  WebhookHandler,
  WebhookHandlerOptions,
} from './http/create-webhook-handler'
export { receiverSettingsSchema } from './settings/receiver-settings'
export type { ReceiverSettings } from './settings/receiver-settings'
export { backfillSettingsSchema } from './settings/backfill-settings'
export type { BackfillSettings } from './settings/backfill-settings'
export { readStoreStatus } from './store/store-status'
export type { DeadLetterReport, StoreStatus } from './store/store-status'
export { jsonLinesLogger, silentLogger } from './lib/receiver-log'
export type { ReceiverLogEntry, ReceiverLogger } from './lib/receiver-log'
