import { createHmac } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createPipeline } from '../pipeline/create-pipeline'
import type { PipelineSettings } from '../pipeline/pipeline-settings'
import type { HeaderLookup } from '../pipeline/webhook-request'
import { readSettings } from '../settings/read-settings'
import { schemaDefaults } from '../settings/setting-declaration'
import { readWebhookEventId } from '../webhook/webhook-event-id'
import { readRawBody } from './read-raw-body'
import { jsonLinesLogger, type ReceiverLogger } from './receiver-log'
import { receiverSettingsSchema, type ReceiverSettings } from './receiver-settings'
import { createTrackingApiForwarder } from './tracking-api-forwarder'
import { trackingEndpoint } from './tracking-endpoint'
import { answerForError, answerForResult, type WebhookAnswer } from './webhook-answer'

/** Options of `createWebhookHandler`; defaults of the first five in `receiverSettingsSchema`. */
export interface WebhookHandlerOptions extends Partial<
  Pick<ReceiverSettings, 'trackingHost' | 'deliveryTimeoutMs' | 'maxBodyBytes' | 'healthPath'>
> {
  /** The write key of the Segment source (or of your Segment-compatible endpoint) the calls go to. Required. */
  writeKey: string
  /**
   * The pipeline settings, typed (`webhookSecrets`, `identitySecrets`, `maxEventAgeSeconds`,
   * `replayedEvents`, `riskRules`, `emitRiskAssessment`), checked once here so a wrong value fails
   * at start-up. @default {} (every setting at its default)
   */
  settings?: Partial<PipelineSettings>
  /** Calls per batch sent to the tracking API (analytics-node `flushAt`). @default 100 */
  maxEventsInBatch?: number
  /** Longest a call waits for its batch to fill before it is sent (analytics-node `flushInterval`). @default 50 */
  flushIntervalMs?: number
  /** Retries of a failed batch inside the receiver, on top of Fingerprint's own retry. @default 3 */
  maxRetries?: number
  /** Timeout of one request to the tracking API. @default 10000 */
  httpRequestTimeoutMs?: number
  /** Where structured logs go (one entry per webhook answered). @default one JSON line per entry on stdout */
  logger?: ReceiverLogger
  /** How Fingerprint's Server API is reached (with `settings.fingerprintServerApiKey`). @default the global fetch */
  fetch?: typeof fetch
}

/** Options of `WebhookHandler.close`. */
export interface CloseOptions {
  /** Longest time to wait for queued and retrying calls to reach the tracking API. @default 10000 */
  timeoutMs?: number
}

/**
 * A `node:http` request handler (also usable as Express middleware or through a framework's
 * Node adapter) that receives Fingerprint webhooks and forwards their Segment calls.
 */
export interface WebhookHandler {
  (request: IncomingMessage, response: ServerResponse): void
  /** Refuses new webhooks (503), waits for the ones in flight, then flushes every queued call. */
  close(options?: CloseOptions): Promise<void>
  /** Webhooks being processed right now. */
  readonly inFlight: number
}

/** Defaults of the options only `createWebhookHandler` has. */
const handlerDefaults = {
  maxEventsInBatch: 100,
  flushIntervalMs: 50,
  maxRetries: 3,
  httpRequestTimeoutMs: 10_000,
  closeTimeoutMs: 10_000,
} as const

/** The `v1` webhook signature with Node's native HMAC (the pasteable bundle has a pure-TypeScript one). */
function signWithNodeCrypto(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')
}

/**
 * Creates the self-hosted webhook receiver: it reads the raw body (at most `maxBodyBytes`), runs
 * the same pipeline as the Source Function (signature, freshness, mapping), forwards the calls
 * with `@segment/analytics-node`, and answers 2xx only once the tracking API accepted all of them
 * (otherwise 503, so Fingerprint retries the same event; deterministic messageIds make that safe).
 *
 * @throws TypeError / RangeError for an invalid option; ValidationError for invalid `riskRules`
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const receiver = resolveReceiverOptions(options)
  const pipeline = createPipeline(options.settings, {
    signWebhook: signWithNodeCrypto,
    // The lookup shares the webhook's deadline with reading the body and delivering the calls.
    serverApiTimeoutMs: Math.floor(receiver.deliveryTimeoutMs * 0.6),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const endpoint = trackingEndpoint(receiver.trackingHost)
  const log = options.logger ?? jsonLinesLogger()
  const forwarder = createTrackingApiForwarder({
    writeKey: receiver.writeKey,
    host: endpoint.host,
    path: endpoint.path,
    maxEventsInBatch: positive('maxEventsInBatch', options.maxEventsInBatch ?? handlerDefaults.maxEventsInBatch),
    flushIntervalMs: positive('flushIntervalMs', options.flushIntervalMs ?? handlerDefaults.flushIntervalMs),
    maxRetries: wholeNumber('maxRetries', options.maxRetries ?? handlerDefaults.maxRetries),
    httpRequestTimeoutMs: positive(
      'httpRequestTimeoutMs',
      options.httpRequestTimeoutMs ?? handlerDefaults.httpRequestTimeoutMs,
    ),
  })

  let inFlight = 0
  let closing: Promise<void> | undefined
  let whenIdle: (() => void) | undefined

  async function answerWebhook(request: IncomingMessage, arrivedAt: number): Promise<WebhookAnswer> {
    const deadline = arrivedAt + receiver.deliveryTimeoutMs
    let rawBody: string | undefined
    try {
      rawBody = await readRawBody(request, receiver.maxBodyBytes, deadline)
      const result = await pipeline.process({ rawBody, headers: headerLookup(request), url: request.url ?? '/' })
      const delivery = result.calls.length === 0 ? undefined : await forwarder.forward(result.calls, deadline)
      return answerForResult(result, delivery, endpoint.url)
    } catch (error) {
      return answerForError(error, rawBody === undefined ? undefined : readWebhookEventId(rawBody))
    }
  }

  function respond(
    response: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    if (response.headersSent || response.destroyed) return
    const text = JSON.stringify(body)
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      ...headers,
    })
    response.end(text)
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const arrivedAt = Date.now()
    const path = (request.url ?? '/').split('?', 1)[0]
    if ((request.method === 'GET' || request.method === 'HEAD') && path === receiver.healthPath) {
      respond(response, closing ? 503 : 200, { status: closing ? 'shutting down' : 'ok', inFlight })
      return
    }
    if (request.method !== 'POST') {
      respond(
        response,
        405,
        { error: `Use POST for webhooks (GET ${receiver.healthPath} for health).` },
        { Allow: 'POST' },
      )
      return
    }
    if (closing) {
      respond(response, 503, { error: 'The receiver is shutting down; retry later.' }, { Connection: 'close' })
      log({ level: 'warn', event: 'webhook', status: 503, durationMs: 0, message: 'refused while shutting down' })
      return
    }
    inFlight++
    void answerWebhook(request, arrivedAt)
      .then((answer) => {
        respond(response, answer.status, answer.body, answer.closeConnection ? { Connection: 'close' } : {})
        const { level, requestId, ...details } = answer.log
        log({
          level,
          event: 'webhook',
          ...(requestId === undefined ? {} : { requestId }),
          status: answer.status,
          durationMs: Date.now() - arrivedAt,
          ...details,
        })
      })
      .finally(() => {
        inFlight--
        if (inFlight === 0) whenIdle?.()
      })
  }

  async function close({ timeoutMs = handlerDefaults.closeTimeoutMs }: CloseOptions = {}): Promise<void> {
    if (inFlight > 0) await new Promise<void>((resolve) => (whenIdle = resolve))
    const started = Date.now()
    await forwarder.close(timeoutMs)
    log({
      level: 'info',
      event: 'shutdown',
      message: 'in-flight webhooks answered and queued calls flushed',
      durationMs: Date.now() - started,
    })
  }

  return Object.defineProperties(handler, {
    close: { value: (closeOptions?: CloseOptions) => (closing ??= close(closeOptions)), enumerable: true },
    inFlight: { get: () => inFlight, enumerable: true },
  }) as WebhookHandler
}

/** The receiver settings the handler uses, defaults applied and each checked by its kind. */
function resolveReceiverOptions(options: WebhookHandlerOptions): ReceiverSettings {
  const handlerKeys: readonly string[] = ['writeKey', 'trackingHost', 'deliveryTimeoutMs', 'maxBodyBytes', 'healthPath']
  const given = readSettings(receiverSettingsSchema, {
    lookup: (_declaration, key) =>
      handlerKeys.includes(key) ? options[key as keyof WebhookHandlerOptions] : undefined,
    describe: (_declaration, key) => `createWebhookHandler: ${key}`,
    fail: (message) => new TypeError(message),
  })
  const resolved = { ...schemaDefaults(receiverSettingsSchema), ...given }
  if (resolved.writeKey === '') {
    throw new TypeError('createWebhookHandler: writeKey must be a non-empty string (the Segment source write key).')
  }
  return resolved
}

/** `request.headers` seen through the `Headers.get` shape the pipeline reads. */
function headerLookup(request: IncomingMessage): HeaderLookup {
  return {
    get(name) {
      const value = request.headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`createWebhookHandler: ${name} must be a number above 0, got ${JSON.stringify(value)}.`)
  }
  return value
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `createWebhookHandler: ${name} must be a whole number (0 or more), got ${JSON.stringify(value)}.`,
    )
  }
  return value
}
