import { createHmac } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createCallDeliverer, type CallDeliverer } from '../delivery/call-deliverer'
import { createTrackingApiClient } from '../delivery/tracking-api-client'
import { createPipeline } from '@fingerprint-segment/source-function'
import type { PipelineSettings } from '@fingerprint-segment/source-function'
import type { HeaderLookup } from '@fingerprint-segment/source-function/internal'
import { readSettings } from '@fingerprint-segment/source-function/internal'
import { schemaDefaults } from '@fingerprint-segment/source-function/internal'
import { StoreUnavailableError, type CallStore, type QueueStats } from '../store/call-store'
import { openCallStore } from '../store/open-call-store'
import { readWebhookEventId } from '@fingerprint-segment/source-function'
import { callsToStore } from '../store/calls-to-store'
import { readRawBody } from './read-raw-body'
import { jsonLinesLogger, type ReceiverLogger } from '../lib/receiver-log'
import { healthAnswer } from './receiver-health'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'
import { trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import { answerForError, answerForResult, type WebhookAnswer } from './webhook-answer'

/** The receiver settings the handler takes (the others are the server's: see `ServeOptions`). */
export type HandlerSettings = Pick<
  ReceiverSettings,
  | 'writeKey'
  | 'trackingHost'
  | 'store'
  | 'retentionDays'
  | 'answerTimeoutMs'
  | 'maxBodyBytes'
  | 'healthPath'
  | 'maxCallsPerBatch'
  | 'trackingTimeoutMs'
  | 'maxRetryDelayMs'
>

const handlerSettingKeys: readonly (keyof HandlerSettings)[] = [
  'writeKey',
  'trackingHost',
  'store',
  'retentionDays',
  'answerTimeoutMs',
  'maxBodyBytes',
  'healthPath',
  'maxCallsPerBatch',
  'trackingTimeoutMs',
  'maxRetryDelayMs',
]

/** Options of `createWebhookHandler`; defaults of the receiver settings in `receiverSettingsSchema`. */
export interface WebhookHandlerOptions extends Partial<Omit<HandlerSettings, 'writeKey'>> {
  /** The write key of the Segment source (or of your Segment-compatible endpoint) the calls go to. Required. */
  writeKey: string
  /**
   * The pipeline settings, typed (`webhookSecrets`, `identitySecrets`, `maxEventAgeSeconds`,
   * `replayedEvents`, `riskRules`, `emitRiskAssessment`), checked once here so a wrong value fails
   * at start-up. @default {} (every setting at its default)
   */
  settings?: Partial<PipelineSettings>
  /** Where structured logs go (one entry per webhook answered). @default one JSON line per entry on stdout */
  logger?: ReceiverLogger
  /** How Fingerprint's Server API is reached (with `settings.fingerprintServerApiKey`). @default the global fetch */
  fetch?: typeof fetch
}

/** Options of `WebhookHandler.close`. */
export interface CloseOptions {
  /**
   * Longest time to go on delivering what is stored before stopping (calls left over stay in the
   * store for the next start). @default 10000
   */
  timeoutMs?: number
}

/**
 * A `node:http` request handler (also usable as Express middleware or through a framework's
 * Node adapter) that receives Fingerprint webhooks, stores their Segment calls, and delivers them.
 */
export interface WebhookHandler {
  (request: IncomingMessage, response: ServerResponse): void
  /** Resolves once the store is open and the deliverer runs; rejects when the store cannot be opened. */
  readonly ready: Promise<void>
  /** Refuses new webhooks (503), waits for the ones in flight, delivers for at most `timeoutMs`, closes the store. */
  close(options?: CloseOptions): Promise<void>
  /** Webhooks being processed right now. */
  readonly inFlight: number
}

/** Defaults of what only `createWebhookHandler` decides. */
const handlerDefaults = {
  closeTimeoutMs: 10_000,
  /** Claims being delivered at once. */
  deliveryConcurrency: 4,
  /** The first wait after a failed batch; it doubles up to `maxRetryDelayMs`. */
  retryBaseMs: 500,
  /** How often an idle deliverer looks for calls another receiver (or a backfill) stored. */
  pollIntervalMs: 500,
  /** The wait after a claim that was not full, so more calls gather into the next batch. */
  gatherMs: 20,
  /** How often the retention is applied. */
  expiryIntervalMs: 60_000,
  /** How long a read of the queue's statistics is reused by `/health`. */
  statsCacheMs: 1000,
  /** Longest wait for those statistics. */
  statsTimeoutMs: 2000,
} as const

/** The `v1` webhook signature with Node's native HMAC (the pasteable bundle has a pure-TypeScript one). */
function signWithNodeCrypto(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')
}

/**
 * Creates the self-hosted webhook receiver: it reads the raw body (at most `maxBodyBytes`), runs
 * the same pipeline as the Source Function (signature, freshness, mapping), commits the calls to
 * the store, and answers 2xx only then; a background deliverer sends them to the tracking API
 * until it accepted them (see `createCallDeliverer`). A webhook not stored is answered 4xx/5xx.
 *
 * @throws TypeError / RangeError for an invalid option; ValidationError for invalid `riskRules`
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const receiver = resolveHandlerSettings(options)
  const pipeline = createPipeline(options.settings, {
    signWebhook: signWithNodeCrypto,
    // The lookup shares the webhook's deadline with reading the body and storing the calls.
    serverApiTimeoutMs: Math.floor(receiver.answerTimeoutMs * 0.6),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const endpoint = trackingEndpoint(receiver.trackingHost)
  const log = options.logger ?? jsonLinesLogger()
  const postBatch = createTrackingApiClient({
    url: endpoint.url,
    writeKey: receiver.writeKey,
    timeoutMs: receiver.trackingTimeoutMs,
  })

  let store: CallStore | undefined
  let deliverer: CallDeliverer | undefined
  const ready = openCallStore(receiver.store, {
    // A claim stays open while its batches are sent (bisection included): a hung process lets go after this.
    claimIdleTimeoutMs: receiver.trackingTimeoutMs * 2 + 10_000,
  }).then((opened) => {
    store = opened
    deliverer = createCallDeliverer({
      store: opened,
      postBatch,
      maxCallsPerBatch: receiver.maxCallsPerBatch,
      concurrency: handlerDefaults.deliveryConcurrency,
      retry: {
        baseMs: Math.min(handlerDefaults.retryBaseMs, receiver.maxRetryDelayMs),
        maxMs: receiver.maxRetryDelayMs,
      },
      pollIntervalMs: handlerDefaults.pollIntervalMs,
      gatherMs: handlerDefaults.gatherMs,
      retentionMs: receiver.retentionDays * 86_400_000,
      expiryIntervalMs: handlerDefaults.expiryIntervalMs,
      logger: log,
    })
    if (closing === undefined) deliverer.start()
  })
  // Observed by `serve` and by every webhook; never an unhandled rejection.
  ready.catch(() => undefined)

  let inFlight = 0
  let closing: Promise<void> | undefined
  let whenIdle: (() => void) | undefined
  let stats: { at: number; value: Promise<QueueStats> } | undefined

  async function storedOrTimeout<Result>(work: Promise<Result>, deadline: number, what: string): Promise<Result> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => {
          reject(new StoreUnavailableError(`the store did not ${what} within ${receiver.answerTimeoutMs} ms`))
        },
        Math.max(0, deadline - Date.now()),
      )
    })
    try {
      return await Promise.race([work, late])
    } finally {
      clearTimeout(timer)
    }
  }

  async function answerWebhook(request: IncomingMessage, arrivedAt: number): Promise<WebhookAnswer> {
    const deadline = arrivedAt + receiver.answerTimeoutMs
    let rawBody: string | undefined
    try {
      rawBody = await readRawBody(request, receiver.maxBodyBytes, deadline)
      const result = await pipeline.process({ rawBody, headers: headerLookup(request), url: request.url ?? '/' })
      if (result.calls.length === 0) return answerForResult(result, undefined)
      await storedOrTimeout(ready, deadline, 'open')
      if (!store) throw new StoreUnavailableError('the store is not open')
      const stored = await storedOrTimeout(store.enqueue(callsToStore(result)), deadline, 'commit')
      if (stored.stored > 0) deliverer?.notify()
      return answerForResult(result, stored)
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

  /** The queue's statistics, read at most once per `statsCacheMs` however often `/health` is asked. */
  function queueStats(): Promise<QueueStats> {
    const now = Date.now()
    if (stats && now - stats.at < handlerDefaults.statsCacheMs) return stats.value
    const read = ready.then(() => {
      if (!store) throw new StoreUnavailableError('the store is not open')
      return storedOrTimeout(store.stats(), Date.now() + handlerDefaults.statsTimeoutMs, 'answer')
    })
    read.catch(() => undefined)
    stats = { at: now, value: read }
    return read
  }

  async function answerHealth(response: ServerResponse): Promise<void> {
    const current = await queueStats().then(
      (value) => value,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    )
    const delivery = deliverer?.state ?? {
      consecutiveFailures: 0,
      lastFailure: undefined,
      retryAt: undefined,
      delivered: 0,
      deadLettered: 0,
    }
    const answer = healthAnswer({ closing: closing !== undefined, inFlight, stats: current, delivery, now: Date.now() })
    respond(response, answer.status, answer.body)
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const arrivedAt = Date.now()
    const path = (request.url ?? '/').split('?', 1)[0]
    if ((request.method === 'GET' || request.method === 'HEAD') && path === receiver.healthPath) {
      void answerHealth(response)
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
    await ready.catch(() => undefined)
    await deliverer?.stop(timeoutMs)
    const left = await store?.stats().catch(() => undefined)
    await store?.close()
    log({
      level: 'info',
      event: 'shutdown',
      message:
        left === undefined
          ? 'in-flight webhooks answered, store closed'
          : `in-flight webhooks answered; ${left.queued} call(s) left in the store for the next start`,
      durationMs: Date.now() - started,
      ...(left === undefined ? {} : { queued: left.queued }),
    })
  }

  return Object.defineProperties(handler, {
    ready: { value: ready, enumerable: true },
    close: { value: (closeOptions?: CloseOptions) => (closing ??= close(closeOptions)), enumerable: true },
    inFlight: { get: () => inFlight, enumerable: true },
  }) as WebhookHandler
}

/** The receiver settings the handler uses, defaults applied and each checked by its kind. */
function resolveHandlerSettings(options: WebhookHandlerOptions): HandlerSettings {
  const keys: readonly string[] = handlerSettingKeys
  const given = readSettings(receiverSettingsSchema, {
    lookup: (_declaration, key) => (keys.includes(key) ? options[key as keyof WebhookHandlerOptions] : undefined),
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
