import { pipelineSettingsSchema } from '@fingerprint-segment/source-function'
import listenDefaults from '../../listen-defaults.json' with { type: 'json' }

/**
 * The demo's configuration, read once from the environment. Every variable has a demo default so
 * `npm run demo` works with no set-up, with the function authenticating every event with
 * Fingerprint's Server API and identity verification ON.
 */
export interface DemoConfig {
  /** `PORT`: the one port everything is served on. @default 3000 */
  port: number
  /** `HOST`: the interface to listen on. @default '127.0.0.1' */
  host: string
  /**
   * `FINGERPRINT_WEBHOOK_SECRET`: the secret the Fingerprint stand-in signs webhooks with, as
   * Fingerprint does. The function runs as a DEPLOYED Source Function, which never sees the raw
   * body a signature covers, so it does not check it (the receiver does). Empty: webhooks go unsigned.
   * @default 'demo-webhook-secret'
   */
  webhookSecret: string
  /**
   * `FINGERPRINT_SERVER_API_KEY`: the secret key the function looks events up with
   * (`fingerprintServerApiKey`), and that the stand-in's `GET /v4/events/{id}` requires. Empty: the
   * function maps the webhook body as it is, unverified.
   * @default 'demo-server-api-key'
   */
  serverApiKey: string
  /**
   * `FINGERPRINT_WEBHOOK_TOKEN`: when set, the webhook URL the stand-in posts to carries
   * `&token=<value>` and the function requires it (`webhookToken`).
   * @default '' (no token)
   */
  webhookToken: string
  /**
   * `FINGERPRINT_IDENTITY_SECRET`: the secret `/api/sign-in` mints identity proofs with and the function checks
   * (`identitySecret`). Empty: userIds are trusted as the browser sends them.
   * @default 'demo-identity-secret'
   */
  identitySecret: string
  /**
   * The function's other settings, passed through when their environment variable is set (the
   * variables the receiver reads, from the server package's settings schema: `FINGERPRINT_MAX_EVENT_AGE_SECONDS`, ...).
   */
  extraFunctionSettings: Record<string, string>
  /** `SEGMENT_WRITE_KEY`: when set, the function's calls are also sent to that Segment source. @default undefined */
  segmentWriteKey?: string | undefined
  /** `SEGMENT_HOST`: base URL of the tracking API `@segment/analytics-node` sends to (its `/v1/batch`). @default Segment's own API */
  segmentHost?: string | undefined
  /** `FINGERPRINT_API_KEY`: the public key the page passes to the loaders (the stand-in accepts any). @default 'demo-public-key' */
  fingerprintApiKey: string
  /** `BROWSER_WRITE_KEY`: the write key Analytics.js uses (the tracking stand-in accepts any). @default 'demo-browser-write-key' */
  browserWriteKey: string
}

/** The settings with demo defaults of their own (read below); every other one is passed through. */
const settingsWithDemoDefaults: ReadonlySet<string> = new Set([
  'webhookSecret',
  'identitySecret',
  'fingerprintServerApiKey',
  'webhookToken',
])

/** Reads the configuration from `env` (defaults above). Throws on an invalid `PORT`. */
export function readDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const port = Number(env.PORT || listenDefaults.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}.`)
  const extraFunctionSettings: Record<string, string> = {}
  for (const { segment, env: variable } of Object.values(pipelineSettingsSchema)) {
    const setting = segment?.name
    const value = env[variable]
    if (setting === undefined || settingsWithDemoDefaults.has(setting) || value === undefined || value === '') continue
    extraFunctionSettings[setting] = value
  }
  return {
    port,
    host: env.HOST || listenDefaults.host,
    webhookSecret: env.FINGERPRINT_WEBHOOK_SECRET ?? 'demo-webhook-secret',
    serverApiKey: env.FINGERPRINT_SERVER_API_KEY ?? 'demo-server-api-key',
    webhookToken: env.FINGERPRINT_WEBHOOK_TOKEN ?? '',
    identitySecret: env.FINGERPRINT_IDENTITY_SECRET ?? 'demo-identity-secret',
    extraFunctionSettings,
    segmentWriteKey: env.SEGMENT_WRITE_KEY || undefined,
    segmentHost: env.SEGMENT_HOST || undefined,
    fingerprintApiKey: env.FINGERPRINT_API_KEY || 'demo-public-key',
    browserWriteKey: env.BROWSER_WRITE_KEY || 'demo-browser-write-key',
  }
}

/**
 * The Source Function settings, as Segment's Settings tab would hold them. No `webhookSecret`: a
 * deployed function cannot check signatures (Segment re-serializes the body), so it authenticates
 * events with the Server API instead.
 */
export function functionSettings(config: DemoConfig): Record<string, string> {
  const settings: Record<string, string> = { ...config.extraFunctionSettings }
  if (config.serverApiKey) settings.fingerprintServerApiKey = config.serverApiKey
  if (config.webhookToken) settings.webhookToken = config.webhookToken
  if (config.identitySecret) settings.identitySecret = config.identitySecret
  return settings
}
