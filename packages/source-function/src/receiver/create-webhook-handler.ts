import { createHmac } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { processWebhook } from '../function/on-request'
import type { FunctionRequest, FunctionSettings } from '../function/segment-runtime'
import { parseRiskRules } from '../risk/parse-risk-rules'
import { readSettings } from '../settings'
import type { SegmentCallsResult } from '../to-segment-calls'
import { printableEventId } from '../webhook/printable-event-id'
import { readRawBody } from './read-raw-body'
import { jsonLinesLogger, type ReceiverLogEntry, type ReceiverLogger } from './receiver-log'
import { statusForError } from './status-for-error'
import { createTrackingApiForwarder } from './tracking-api-forwarder'

/** The `v1` webhook signature with Node's native HMAC (the pasteable bundle has a pure-TypeScript one). */
function signWithNodeCrypto(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')
}

/** Options of `createWebhookHandler`. */
export interface WebhookHandlerOptions {
  /** The write key of the Segment source (or of your Segment-compatible endpoint) the calls go to. */
  writeKey: string
  /**
   * Base URL of the tracking API, e.g. `https://events.eu1.segmentapis.com` for EU workspaces or
   * your own Segment-compatible endpoint. @default analytics-node's default, Segment's `https://api.segment.io`
   */
  trackingHost?: string
  /** Path of the batch endpoint on `trackingHost`. @default '/v1/batch' */
  trackingPath?: string
  /**
   * The same settings as the Source Function (`webhookSecret`, `identitySecret`,
   * `maxEventAgeSeconds`, `replayedEvents`, `riskRules`, `emitRiskAssessment`), checked once here
   * so a wrong value fails at start-up. @default {} (every setting at its default)
   */
  settings?: FunctionSettings
  /**
   * How long a webhook may take, from its arrival: its body must arrive within it (otherwise 408),
   * and the tracking API must accept its calls within it (otherwise 503, and Fingerprint retries).
   * Keep it under Fingerprint's 3 s timeout.
   * @default 2500
   */
  deliveryTimeoutMs?: number
  /** Largest body accepted; bigger ones get 413. @default 524288 (512 KiB, like a Source Function) */
  maxBodyBytes?: number
  /** Path answering `GET` with the receiver's health (200, or 503 while shutting down). @default '/health' */
  healthPath?: string
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

const defaults = {
  deliveryTimeoutMs: 2500,
  maxBodyBytes: 512 * 1024,
  healthPath: '/health',
  maxEventsInBatch: 100,
  flushIntervalMs: 50,
  maxRetries: 3,
  httpRequestTimeoutMs: 10_000,
  closeTimeoutMs: 10_000,
} as const

/** Outcome of one webhook, written to the response and to the log. */
interface WebhookAnswer {
  status: number
  body: Record<string, unknown>
  /** Fields of the webhook's log entry besides `event`, `status` and `durationMs`. */
  log: Pick<ReceiverLogEntry, 'level'> & Partial<ReceiverLogEntry>
}

/**
 * Creates the self-hosted webhook receiver: it reads the raw body, runs every check of the
 * Source Function (`processWebhook`: settings, signature, freshness, mapping), forwards the calls
 * with `@segment/analytics-node`, and answers 2xx only once the tracking API accepted all of them
 * (otherwise 503, so Fingerprint retries the same event; deterministic messageIds make that safe).
 *
 * @throws ValidationError when a setting is invalid; TypeError / RangeError for a bad option.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  if (typeof options.writeKey !== 'string' || options.writeKey.trim() === '') {
    throw new TypeError('createWebhookHandler: writeKey must be a non-empty string (the Segment source write key).')
  }
  const settings = options.settings ?? {}
  // Every setting is checked now, so a wrong one stops the receiver at start-up, not per webhook.
  const resolvedSettings = readSettings(settings)
  if (resolvedSettings.riskRules !== undefined) parseRiskRules(resolvedSettings.riskRules)
  const deliveryTimeoutMs = positiveNumber('deliveryTimeoutMs', options.deliveryTimeoutMs, defaults.deliveryTimeoutMs)
  const maxBodyBytes = positiveNumber('maxBodyBytes', options.maxBodyBytes, defaults.maxBodyBytes)
  const healthPath = options.healthPath ?? defaults.healthPath
  if (!healthPath.startsWith('/'))
    throw new TypeError(`createWebhookHandler: healthPath must start with "/", got ${JSON.stringify(healthPath)}.`)
  const log = options.logger ?? jsonLinesLogger()
  const forwarder = createTrackingApiForwarder({
    writeKey: options.writeKey.trim(),
    ...(options.trackingHost === undefined ? {} : { host: validUrl('trackingHost', options.trackingHost) }),
    ...(options.trackingPath === undefined ? {} : { path: options.trackingPath }),
    maxEventsInBatch: positiveNumber('maxEventsInBatch', options.maxEventsInBatch, defaults.maxEventsInBatch),
    flushIntervalMs: positiveNumber('flushIntervalMs', options.flushIntervalMs, defaults.flushIntervalMs),
    maxRetries: nonNegativeNumber('maxRetries', options.maxRetries, defaults.maxRetries),
    httpRequestTimeoutMs: positiveNumber(
      'httpRequestTimeoutMs',
      options.httpRequestTimeoutMs,
      defaults.httpRequestTimeoutMs,
    ),
  })

  let inFlight = 0
  let closing: Promise<void> | undefined
  let whenIdle: (() => void) | undefined

  async function answerWebhook(request: IncomingMessage, arrivedAt: number): Promise<WebhookAnswer> {
    let result: SegmentCallsResult
    let rawBody: string | undefined
    try {
      const body = await readRawBody(request, maxBodyBytes, arrivedAt + deliveryTimeoutMs)
      rawBody = body
      const functionRequest: FunctionRequest = {
        text: () => body,
        headers: headerReader(request),
        url: request.url ?? '/',
      }
      result = await processWebhook(functionRequest, settings, { signWebhook: signWithNodeCrypto })
    } catch (error) {
      const { status, message } = statusForError(error)
      const level = status >= 500 ? 'error' : 'warn'
      const detail = status === 500 && error instanceof Error ? { cause: `${error.name}: ${error.message}` } : {}
      const claimedId = rawBody === undefined ? undefined : claimedRequestId(rawBody)
      return {
        status,
        body: { error: message },
        log: { level, message, ...(claimedId === undefined ? {} : { requestId: claimedId }), ...detail },
      }
    }
    // Bounded: the id comes from the body and goes into the log and the answer.
    const requestId = printableEventId(result.event.requestId)
    const mapping = {
      requestId,
      mapping: result.status,
      ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
    }
    if (result.calls.length === 0) {
      return {
        status: 200,
        body: { status: 'nothing to forward', requestId, calls: 0 },
        log: { level: 'info', calls: 0, ...mapping },
      }
    }
    const outcome = await forwarder.forward(result.calls, arrivedAt + deliveryTimeoutMs)
    const calls = result.calls.length
    if (outcome.accepted) {
      return { status: 200, body: { status: 'accepted', requestId, calls }, log: { level: 'info', calls, ...mapping } }
    }
    return {
      status: 503,
      body: { error: `Not accepted by the tracking API yet (${outcome.reason}); retry the same webhook.`, requestId },
      log: { level: 'warn', calls, message: outcome.reason, ...mapping },
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
    if ((request.method === 'GET' || request.method === 'HEAD') && path === healthPath) {
      respond(response, closing ? 503 : 200, { status: closing ? 'shutting down' : 'ok', inFlight })
      return
    }
    if (request.method !== 'POST') {
      respond(response, 405, { error: `Use POST for webhooks (GET ${healthPath} for health).` }, { Allow: 'POST' })
      return
    }
    if (closing) {
      respond(response, 503, { error: 'The receiver is shutting down; retry later.' }, { Connection: 'close' })
      log({ level: 'warn', event: 'webhook', status: 503, durationMs: 0, message: 'refused while shutting down' })
      return
    }
    inFlight++
    void answerWebhook(request, arrivedAt)
      .catch((error: unknown): WebhookAnswer => {
        const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        return {
          status: 500,
          body: { error: 'The receiver failed unexpectedly; see its logs.' },
          log: { level: 'error', cause },
        }
      })
      .then((answer) => {
        // A refused body may still be arriving: close the connection rather than read it all.
        respond(
          response,
          answer.status,
          answer.body,
          answer.status === 413 || answer.status === 408 ? { Connection: 'close' } : {},
        )
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

  async function close({ timeoutMs = defaults.closeTimeoutMs }: CloseOptions = {}): Promise<void> {
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

/** For the log of a refused webhook: the event id its body claims (bounded), if it is JSON with a string id. */
function claimedRequestId(rawBody: string): string | undefined {
  try {
    const body: unknown = JSON.parse(rawBody)
    if (typeof body !== 'object' || body === null) return undefined
    const { requestId, event_id: eventId } = body as Record<string, unknown>
    const id = typeof eventId === 'string' ? eventId : requestId
    return typeof id === 'string' && id !== '' ? printableEventId(id) : undefined
  } catch {
    return undefined
  }
}

/** `request.headers` seen through the `Headers.get` shape `processWebhook` reads. */
function headerReader(request: IncomingMessage): FunctionRequest['headers'] {
  return {
    get(name) {
      const value = request.headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

function positiveNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`createWebhookHandler: ${name} must be a number above 0, got ${JSON.stringify(value)}.`)
  }
  return value
}

function nonNegativeNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `createWebhookHandler: ${name} must be a whole number (0 or more), got ${JSON.stringify(value)}.`,
    )
  }
  return value
}

function validUrl(name: string, value: string): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return value
  } catch {
    // reported below
  }
  throw new TypeError(`createWebhookHandler: ${name} must be an http(s) URL, got ${JSON.stringify(value)}.`)
}
