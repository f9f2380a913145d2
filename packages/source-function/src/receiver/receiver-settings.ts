import type { SettingsSchema } from '../settings/setting-declaration'
import { numberKind, textKind } from '../settings/setting-kinds'
import { segmentTrackingApi, trackingEndpoint } from './tracking-endpoint'

/**
 * What the receiver is configured with besides the pipeline settings: where it listens, where the
 * calls go, and its own limits. Read from flags and environment variables by the command, and
 * taken typed by `serve` and `createWebhookHandler`. Defaults are declared once, in
 * `receiverSettingsSchema`.
 */
export interface ReceiverSettings {
  /** The port to listen on; `0` picks a free one. @default 8080 */
  port: number
  /** The address to listen on. @default '0.0.0.0' */
  host: string
  /** The write key of the Segment source (or Segment-compatible endpoint) the calls go to. Required. */
  writeKey: string
  /**
   * Base URL of the tracking API, base path kept (calls are posted to `<base>/v1/batch`), e.g.
   * `https://events.eu1.segmentapis.com` for EU workspaces or a proxy of your own.
   * @default 'https://api.segment.io'
   */
  trackingHost: string
  /**
   * How long a webhook may take from its arrival: its body must arrive within it (otherwise 408),
   * and the tracking API must accept its calls within it (otherwise 503, and Fingerprint retries).
   * Keep it under Fingerprint's 3 s timeout.
   * @default 2500
   */
  deliveryTimeoutMs: number
  /** Largest body accepted; bigger ones are answered 413. @default 524288 */
  maxBodyBytes: number
  /** The path answering `GET` with the receiver's health (200, or 503 while shutting down). @default '/health' */
  healthPath: string
}

/** Every receiver setting: its environment variable, flag, kind, default and summary. */
export const receiverSettingsSchema: SettingsSchema<ReceiverSettings> = {
  port: {
    env: 'PORT',
    flag: 'port',
    kind: numberKind('port', { min: 0, max: 65_535, integer: true }),
    default: 8080,
    summary: 'the port to listen on; `0` picks a free one',
  },
  host: {
    env: 'HOST',
    flag: 'host',
    kind: textKind('string'),
    default: '0.0.0.0',
    summary: 'the address to listen on',
  },
  writeKey: {
    env: 'SEGMENT_WRITE_KEY',
    flag: 'write-key',
    kind: textKind('encrypted string'),
    default: '',
    defaultText: 'required',
    summary: 'the write key of the Segment source the calls go to',
  },
  trackingHost: {
    env: 'SEGMENT_HOST',
    flag: 'tracking-host',
    kind: textKind('string: URL', (text) =>
      isTrackingApiUrl(text) ? undefined : 'must be an http(s) URL without a query or fragment',
    ),
    default: segmentTrackingApi,
    summary: 'base URL of the tracking API, base path kept (calls go to `<base>/v1/batch`)',
  },
  deliveryTimeoutMs: {
    env: 'RECEIVER_DELIVERY_TIMEOUT_MS',
    flag: 'delivery-timeout-ms',
    kind: numberKind('milliseconds', { min: 1, max: 60_000, integer: true }),
    default: 2500,
    summary: "longest a webhook may take before it is answered 503 (keep it under Fingerprint's 3 s)",
  },
  maxBodyBytes: {
    env: 'RECEIVER_MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    kind: numberKind('bytes', { min: 1, integer: true }),
    default: 512 * 1024,
    summary: 'largest webhook body accepted; bigger ones are answered 413',
  },
  healthPath: {
    env: 'RECEIVER_HEALTH_PATH',
    flag: 'health-path',
    kind: textKind('string', (text) => (text.startsWith('/') ? undefined : 'must start with "/"')),
    default: '/health',
    summary: 'the path answering `GET` with the receiver health',
  },
}

function isTrackingApiUrl(text: string): boolean {
  try {
    trackingEndpoint(text)
    return true
  } catch {
    return false
  }
}
