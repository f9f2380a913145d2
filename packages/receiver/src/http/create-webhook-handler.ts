/**
 * `createWebhookHandler`: the receiver as a `node:http` request handler, assembled from its parts:
 * the route of each request (`request-router.ts`), the answer to one webhook (`webhook-intake.ts`,
 * within its deadline: `webhook-deadline.ts`), the handler's life (`receiver-lifecycle.ts`), the
 * health answers over cached queue statistics (`receiver-health.ts`, `queue-stats-cache.ts`), the
 * metrics (`../metrics/`), and the deliverer (`../delivery/`).
 */
import { createHmac } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createPipeline } from '@fingerprint-segment/source-function'
import type { PipelineSettings } from '@fingerprint-segment/source-function'
import { readSettings, schemaDefaults, trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import { createCallDeliverer, type DeliveryState } from '../delivery/call-deliverer'
import { createTrackingApiClient } from '../delivery/tracking-api-client'
import { systemTimekeeping, type Timekeeping } from '../lib/clock'
import { jsonLinesLogger, type ReceiverLogger } from '../lib/receiver-log'
import { createReceiverMetrics } from '../metrics/receiver-metrics'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'
import type { CallStore, CallStoreOptions } from '../store/call-store'
import { openCallStore } from '../store/open-call-store'
import { createStoreCondition } from '../store/store-condition'
import { StoreUnavailableError } from '../store/store-errors'
import { watchCallStore } from '../store/watched-call-store'
import { createQueueStatsCache } from './queue-stats-cache'
import { createReceiverLifecycle } from './receiver-lifecycle'
import { healthAnswer, livenessAnswer, readinessAnswer, type HealthAnswer, type HealthInput } from './receiver-health'
import { routeRequest } from './request-router'
import { createWebhookIntake } from './webhook-intake'

/** The receiver settings the handler takes (the others are the server's: see `ServeOptions`). */
export type HandlerSettings = Pick<ReceiverSettings, (typeof handlerSettingKeys)[number]>

const handlerSettingKeys = [
  'writeKey',
  'trackingHost',
  'store',
  'retentionDays',
  'answerTimeoutMs',
  'maxBodyBytes',
  'healthPath',
  'metricsPath',
  'maxCallsPerBatch',
  'trackingTimeoutMs',
  'maxRetryDelayMs',
  'shutdownTimeoutMs',
] as const satisfies readonly (keyof ReceiverSettings)[]

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
   * store for the next start). @default the `shutdownTimeoutMs` setting
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
  /**
   * The first step of a graceful stop: readiness answers 503 and every answer closes its
   * connection; webhooks still arriving are stored and answered as before.
   */
  drain(): void
  /** Refuses new webhooks (503), waits for the ones in flight, delivers for at most `timeoutMs`, closes the store. */
  close(options?: CloseOptions): Promise<void>
  /** Webhooks being processed right now. */
  readonly inFlight: number
}

/**
 * What only tests and this package's own tools change: the time the handler runs on (manual time
 * for clock jumps) and how its store is opened (a store with injected faults, as a full disk).
 */
export interface HandlerSeams {
  /** @default the process's steady clock and timers */
  readonly time?: Timekeeping
  /** @default `openCallStore` */
  readonly openStore?: (
    location: string,
    options: CallStoreOptions & { claimIdleTimeoutMs: number },
  ) => Promise<CallStore>
  /** Export the process's own metrics (off when a test runs many handlers in one process). @default true */
  readonly processMetrics?: boolean
}

/** Defaults of what only `createWebhookHandler` decides. */
const handlerDefaults = {
  /** Claims being delivered at once. */
  deliveryConcurrency: 4,
  /** The first wait after a failed batch; it doubles up to `maxRetryDelayMs`. */
  retryBaseMs: 500,
  /** How often an idle deliverer looks for calls another receiver (or a backfill) stored. */
  pollIntervalMs: 500,
  /** The wait after a claim that was not full, so more calls gather into the next batch. */
  gatherMs: 20,
  /** How often settled rows older than the retention are purged. */
  purgeIntervalMs: 60_000,
  /** How long a read of the queue's statistics is reused by `/health` and `/metrics`. */
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
 * It also answers `GET <healthPath>` (readiness and the queue), `<healthPath>/live`,
 * `<healthPath>/ready` and `GET <metricsPath>` (Prometheus).
 *
 * @throws TypeError / RangeError for an invalid option; ValidationError for invalid `riskRules`
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  return assembleWebhookHandler(options, {})
}

/** `createWebhookHandler` with its seams (not part of the package's entry). */
export function assembleWebhookHandler(options: WebhookHandlerOptions, seams: HandlerSeams): WebhookHandler {
  const receiver = resolveHandlerSettings(options)
  const time = seams.time ?? systemTimekeeping
  const { clock } = time
  const pipeline = createPipeline(options.settings, {
    signWebhook: signWithNodeCrypto,
    // The lookup shares the webhook's deadline with reading the body and storing the calls.
    serverApiTimeoutMs: Math.floor(receiver.answerTimeoutMs * 0.6),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const log = options.logger ?? jsonLinesLogger()
  const postBatch = createTrackingApiClient({
    url: trackingEndpoint(receiver.trackingHost).url,
    writeKey: receiver.writeKey,
    timeoutMs: receiver.trackingTimeoutMs,
  })
  const condition = createStoreCondition()
  const openStore = seams.openStore ?? openCallStore

  const lifecycle = createReceiverLifecycle({
    condition,
    clock,
    logger: log,
    open: async () =>
      watchCallStore(
        await openStore(receiver.store, {
          now: clock.now,
          // A receiver: one per SQLite file.
          exclusive: true,
          // A claim stays open while its batches are sent (bisection included): a hung process lets go after this.
          claimIdleTimeoutMs: receiver.trackingTimeoutMs * 2 + 10_000,
        }),
        { condition, clock, committed: (durationMs, ok) => metrics.committed(durationMs, ok) },
      ),
    deliverer: (store) =>
      createCallDeliverer({
        store,
        condition,
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
        purgeIntervalMs: handlerDefaults.purgeIntervalMs,
        logger: log,
        time,
        observer: metrics,
      }),
  })

  const stats = createQueueStatsCache({
    read: () =>
      lifecycle.ready.then(() => {
        if (!lifecycle.store) throw new StoreUnavailableError('the store is not open')
        return lifecycle.store.stats()
      }),
    ...time,
    maxAgeMs: handlerDefaults.statsCacheMs,
    timeoutMs: handlerDefaults.statsTimeoutMs,
  })
  const idleDelivery: DeliveryState = {
    consecutiveFailures: 0,
    lastFailure: undefined,
    retryAt: undefined,
    delivered: 0,
    deadLettered: 0,
    storeFailure: undefined,
  }
  async function healthInput(): Promise<HealthInput> {
    return {
      started: lifecycle.started,
      closing: lifecycle.draining,
      inFlight: lifecycle.inFlight,
      stats: lifecycle.started ? await stats.read() : new Error('the store is not open yet'),
      delivery: lifecycle.deliverer?.state ?? idleDelivery,
      now: clock.now(),
    }
  }
  const metrics = createReceiverMetrics({
    queue: () => stats.read(),
    ready: async () => readinessAnswer(await healthInput()).status === 200,
    ...(seams.processMetrics === undefined ? {} : { processMetrics: seams.processMetrics }),
  })
  const intake = createWebhookIntake({
    pipeline,
    lifecycle,
    maxBodyBytes: receiver.maxBodyBytes,
    answerTimeoutMs: receiver.answerTimeoutMs,
    time,
    stored: (calls) => metrics.stored(calls),
  })

  function respond(response: ServerResponse, answer: HealthAnswer, headers: Record<string, string> = {}): void {
    if (response.headersSent || response.destroyed) return
    const text = JSON.stringify(answer.body)
    response.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      // A receiver shutting down closes each connection after its answer.
      ...(lifecycle.draining ? { Connection: 'close' } : {}),
      ...headers,
    })
    response.end(text)
  }

  async function answerMetrics(response: ServerResponse): Promise<void> {
    const { contentType, body } = await metrics.render()
    if (response.headersSent || response.destroyed) return
    response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body)
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const arrivedAt = clock.now()
    switch (routeRequest(request.method, request.url, receiver)) {
      case 'health':
        void healthInput().then((input) => respond(response, healthAnswer(input)))
        return
      case 'ready':
        void healthInput().then((input) => respond(response, readinessAnswer(input)))
        return
      case 'live':
        respond(response, livenessAnswer())
        return
      case 'metrics':
        void answerMetrics(response).catch((error: unknown) => {
          respond(response, { status: 500, body: { error: String(error) } })
        })
        return
      case 'method-not-allowed':
        respond(
          response,
          { status: 405, body: { error: `Use POST for webhooks (GET ${receiver.healthPath} for health).` } },
          { Allow: 'POST' },
        )
        return
      case 'webhook':
        break
    }
    if (lifecycle.closing) {
      respond(
        response,
        { status: 503, body: { error: 'The receiver is shutting down; retry later.' } },
        { Connection: 'close' },
      )
      metrics.webhookAnswered(503)
      log({ level: 'warn', event: 'webhook', status: 503, durationMs: 0, message: 'refused while shutting down' })
      return
    }
    void lifecycle.track(async () => {
      const answer = await intake(request, arrivedAt)
      respond(response, answer, answer.closeConnection ? { Connection: 'close' } : {})
      metrics.webhookAnswered(answer.status)
      const { level, requestId, ...details } = answer.log
      log({
        level,
        event: 'webhook',
        ...(requestId === undefined ? {} : { requestId }),
        status: answer.status,
        durationMs: clock.now() - arrivedAt,
        ...details,
      })
    })
  }

  return Object.defineProperties(handler, {
    ready: { value: lifecycle.ready, enumerable: true },
    drain: { value: () => lifecycle.drain(), enumerable: true },
    close: {
      value: (closeOptions?: CloseOptions) => lifecycle.close(closeOptions?.timeoutMs ?? receiver.shutdownTimeoutMs),
      enumerable: true,
    },
    inFlight: { get: () => lifecycle.inFlight, enumerable: true },
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
