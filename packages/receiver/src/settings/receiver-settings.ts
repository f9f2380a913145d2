import type { SettingsSchema } from '@fingerprint-segment/source-function/internal'
import { choiceKind, numberKind, segmentLimits, textKind } from '@fingerprint-segment/source-function/internal'
import { segmentTrackingApi, trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import { logLevels, type LogLevel } from '../lib/receiver-log'
import { defaultStoreLocation, parseStoreLocation } from '../store/store-location'

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
   * Where the calls are kept until the tracking API accepted them: `sqlite:<path>` (one receiver),
   * or a `postgres://user:password@host:5432/database` URL that several receivers share.
   * @default 'sqlite:./fingerprint-segment.db'
   */
  store: string
  /**
   * A call tried and not delivered more than this many days after it was stored goes to the dead
   * letters (never one that was not tried: see the README's retention); delivered calls and dead
   * letters are deleted after it. @default 7
   */
  retentionDays: number
  /**
   * How long a webhook may take from its arrival to its answer: its body must arrive within it
   * (otherwise 408), and its calls must be committed to the store within it (otherwise 503, and
   * Fingerprint retries). Keep it under Fingerprint's 3 s timeout.
   * @default 2500
   */
  answerTimeoutMs: number
  /** Largest body accepted; bigger ones are answered 413. @default 524288 */
  maxBodyBytes: number
  /**
   * The path answering `GET` with the receiver's readiness and queue (200, or 503 with the reason);
   * `<healthPath>/live` answers liveness and `<healthPath>/ready` readiness alone.
   * @default '/health'
   */
  healthPath: string
  /** The path answering `GET` with the receiver's metrics in Prometheus text format. @default '/metrics' */
  metricsPath: string
  /** The least level logged: `debug`, `info`, `warn` or `error`. @default 'info' */
  logLevel: LogLevel
  /**
   * Longest a graceful stop (SIGTERM, SIGINT, `close()`) takes: it stops accepting connections,
   * answers every request in flight, finishes or releases the batch being sent, then exits. Keep it
   * under your supervisor's own limit (Docker: 10 s, systemd: 90 s).
   * @default 8000
   */
  shutdownTimeoutMs: number
  /**
   * Most connections open at once (fewer when the process's open-file limit leaves less room); one
   * more makes room by closing the connection idle the longest. @default 1024
   */
  maxConnections: number
  /** A connection must send its request headers within this many milliseconds, or it is closed. @default 5000 */
  headersTimeoutMs: number
  /** A kept-alive connection idle for this many milliseconds between requests is closed. @default 5000 */
  idleTimeoutMs: number
  /** Most calls in one batch sent to the tracking API (each batch also stays within 500 KB). @default 100 */
  maxCallsPerBatch: number
  /** Longest wait for the tracking API's answer to one batch. @default 10000 */
  trackingTimeoutMs: number
  /** Longest wait between two tries while the tracking API fails (backoff; a longer Retry-After is obeyed). @default 30000 */
  maxRetryDelayMs: number
}

/**
 * The receiver settings that are secrets (the write key; the store, whose PostgreSQL URL may hold a
 * password): like the pipeline's Encrypted settings, each can also be read from a file.
 */
export const receiverSecretSettings = ['writeKey', 'store'] as const satisfies readonly (keyof ReceiverSettings)[]

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
  store: {
    env: 'FINGERPRINT_SEGMENT_STORE',
    flag: 'store',
    kind: textKind('string: store', (text) => {
      try {
        parseStoreLocation(text)
        return undefined
      } catch {
        return 'must be sqlite:<path> or a postgres:// URL'
      }
    }),
    default: defaultStoreLocation,
    summary:
      'where calls wait until the tracking API accepted them: `sqlite:<path>` (one receiver) or a `postgres://` URL several receivers share',
  },
  retentionDays: {
    env: 'RECEIVER_RETENTION_DAYS',
    flag: 'retention-days',
    kind: numberKind('days', { min: 1, max: 365, integer: true }),
    default: 7,
    summary:
      'a call tried and not delivered more than this many days after it was stored goes to the dead letters; settled rows are deleted after it',
  },
  answerTimeoutMs: {
    env: 'RECEIVER_ANSWER_TIMEOUT_MS',
    flag: 'answer-timeout-ms',
    kind: numberKind('milliseconds', { min: 1, max: 60_000, integer: true }),
    default: 2500,
    summary:
      "longest a webhook may take to arrive and be stored before it is answered 408 or 503 (keep it under Fingerprint's 3 s)",
  },
  maxBodyBytes: {
    env: 'RECEIVER_MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    kind: numberKind('bytes', { min: 1, integer: true }),
    default: segmentLimits.functionBodyBytes,
    summary: 'largest webhook body accepted; bigger ones are answered 413',
  },
  healthPath: {
    env: 'RECEIVER_HEALTH_PATH',
    flag: 'health-path',
    kind: textKind('string', (text) => (text.startsWith('/') ? undefined : 'must start with "/"')),
    default: '/health',
    summary:
      'the path answering `GET` with readiness and the queue; `<path>/live` and `<path>/ready` answer liveness and readiness',
  },
  metricsPath: {
    env: 'RECEIVER_METRICS_PATH',
    flag: 'metrics-path',
    kind: textKind('string', (text) => (text.startsWith('/') ? undefined : 'must start with "/"')),
    default: '/metrics',
    summary: 'the path answering `GET` with the metrics in Prometheus text format',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    kind: choiceKind(logLevels),
    default: 'info',
    summary: 'the least level logged',
  },
  shutdownTimeoutMs: {
    env: 'RECEIVER_SHUTDOWN_TIMEOUT_MS',
    flag: 'shutdown-timeout-ms',
    kind: numberKind('milliseconds', { min: 100, max: 600_000, integer: true }),
    default: 8000,
    summary:
      "longest a graceful stop takes (stop accepting, answer the requests in flight, finish or release the batch being sent); keep it under your supervisor's limit",
  },
  maxConnections: {
    env: 'RECEIVER_MAX_CONNECTIONS',
    flag: 'max-connections',
    kind: numberKind('connections', { min: 1, integer: true }),
    default: 1024,
    summary:
      'most connections open at once (fewer when the open-file limit is lower); one more closes the connection idle the longest',
  },
  headersTimeoutMs: {
    env: 'RECEIVER_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout-ms',
    kind: numberKind('milliseconds', { min: 100, max: 120_000, integer: true }),
    default: 5000,
    summary: 'a connection that has not sent its request headers within it is closed',
  },
  idleTimeoutMs: {
    env: 'RECEIVER_IDLE_TIMEOUT_MS',
    flag: 'idle-timeout-ms',
    kind: numberKind('milliseconds', { min: 100, max: 600_000, integer: true }),
    default: 5000,
    summary: 'a kept-alive connection idle for longer is closed',
  },
  maxCallsPerBatch: {
    env: 'RECEIVER_MAX_CALLS_PER_BATCH',
    flag: 'max-calls-per-batch',
    kind: numberKind('calls', { min: 1, max: 2000, integer: true }),
    default: 100,
    summary: 'most calls in one batch to the tracking API (every batch also stays within 500 KB)',
  },
  trackingTimeoutMs: {
    env: 'RECEIVER_TRACKING_TIMEOUT_MS',
    flag: 'tracking-timeout-ms',
    kind: numberKind('milliseconds', { min: 100, max: 120_000, integer: true }),
    default: 10_000,
    summary: "longest wait for the tracking API's answer to one batch",
  },
  maxRetryDelayMs: {
    env: 'RECEIVER_MAX_RETRY_DELAY_MS',
    flag: 'max-retry-delay-ms',
    kind: numberKind('milliseconds', { min: 10, max: 3_600_000, integer: true }),
    default: 30_000,
    summary: 'longest wait between two tries while the tracking API fails (a longer Retry-After is obeyed)',
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
