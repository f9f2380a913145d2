/**
 * A local stand-in for Segment's Tracking API (Segment's cloud cannot be reached from tests): a
 * node:http server taking `POST <basePath>/v1/batch` and enforcing what Segment enforces, so a
 * receiver that breaks a rule fails here as it would there:
 * - Basic auth with the write key (401 otherwise);
 * - a body of at most 500 KB and no event over 32 KB (`segmentLimits`, bytes of JSON):
 *   otherwise 400 for the WHOLE request, as Segment answers;
 * - `{ batch: [...], sentAt }` with every event valid (a known `type`, a `messageId`, a `userId` or
 *   `anonymousId`, Track's `event`, Group's `groupId`): otherwise 400 for the whole request;
 * - accepted events deduplicated by messageId, as Segment does.
 *
 * It can also play what goes wrong: down (connections reset), failing (500), slow, hanging (no
 * answer at all), redirecting (3xx to another path of its own, which counts the requests that
 * follow it), rate-limited (429 with Retry-After).
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { segmentLimits } from '@fingerprint-segment/source-function/internal'

/** How the stand-in answers batches. */
export type TrackingApiMode =
  | { kind: 'up' }
  /** Drops every connection without an answer (like a host that is down). */
  | { kind: 'resetting' }
  /** Answers 500 (a retryable server error). */
  | { kind: 'failing' }
  /** Accepts, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Reads the request and never answers (until the mode changes or the stand-in closes). */
  | { kind: 'hanging' }
  /** Answers a redirect to `/moved/v1/batch` on itself (http-to-https redirects, login proxies). */
  | { kind: 'redirecting'; status: 301 | 302 | 303 | 307 | 308 }
  /** Answers 429 with `Retry-After: <retryAfterSeconds>`. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** Answers 400 to everything (a broken proxy in front of Segment): nothing is the calls' fault. */
  | { kind: 'refusing-everything' }

export interface RecordedEvent {
  type: string
  messageId: string
  [field: string]: unknown
}

/** One batch request as the stand-in saw it. */
export interface BatchRequest {
  /** When it arrived, epoch ms. */
  at: number
  /** Bytes of its body. */
  bytes: number
  /** Events in it (0 when it could not be read). */
  events: number
  /** The status answered; `undefined` for a reset or a request left hanging. */
  status: number | undefined
  /** When it was answered, epoch ms. */
  answeredAt: number | undefined
}

export interface TrackingApiStandIn {
  /** Base URL for the receiver's `trackingHost`, base path included, e.g. `http://127.0.0.1:4321/segment`. */
  readonly url: string
  readonly writeKey: string
  /** Accepted events, one per messageId (the first received). */
  readonly events: ReadonlyMap<string, RecordedEvent>
  /** Accepted events counted with duplicates. */
  readonly receivedEvents: number
  /** Batch requests answered 2xx. */
  readonly acceptedBatches: number
  /** Batch requests not answered 2xx (reset, hanging, redirected, 429, 4xx, 5xx). */
  readonly refusedBatches: number
  /** Batch requests answered 400 because a limit or a rule was broken, with the reason. */
  readonly rejections: readonly string[]
  /** Every batch request, in order of arrival. */
  readonly requests: readonly BatchRequest[]
  /** The largest batch body received, in bytes. */
  readonly largestBatchBytes: number
  /** Requests that followed a redirect to `/moved/...` (there must be none). */
  readonly redirectFollowers: number
  /** Requests waiting for an answer in `hanging` mode. */
  readonly hangingRequests: number
  setMode(mode: TrackingApiMode): void
  /** Resolves once `condition()` holds (checked on every request and every 20 ms); rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export interface TrackingApiStandInOptions {
  /** @default 'stand-in-write-key' */
  writeKey?: string
  /** A path before `/v1/batch`, as a proxy in front of Segment has. @default '' */
  basePath?: string
}

const callTypes = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias'])

export async function startTrackingApiStandIn(options: TrackingApiStandInOptions = {}): Promise<TrackingApiStandIn> {
  const writeKey = options.writeKey ?? 'stand-in-write-key'
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  const events = new Map<string, RecordedEvent>()
  const rejections: string[] = []
  const requests: BatchRequest[] = []
  let receivedEvents = 0
  let acceptedBatches = 0
  let refusedBatches = 0
  let largestBatchBytes = 0
  let redirectFollowers = 0
  let mode: TrackingApiMode = { kind: 'up' }
  const hanging = new Set<ServerResponse>()
  const expectedAuthorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`
  const listeners = new Set<() => void>()
  const notify = (): void => {
    for (const listener of listeners) listener()
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/'
    if (path.startsWith('/moved/')) {
      redirectFollowers++
      response.writeHead(404).end()
      notify()
      return
    }
    if (request.method !== 'POST' || path !== `${basePath}/v1/batch`) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    const record: BatchRequest = { at: Date.now(), bytes: 0, events: 0, status: undefined, answeredAt: undefined }
    requests.push(record)
    const current = mode
    const answer = (status: number, body: object, headers: Record<string, string> = {}): void => {
      record.status = status
      record.answeredAt = Date.now()
      if (status < 200 || status >= 300) refusedBatches++
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))
      notify()
    }
    if (current.kind === 'resetting') {
      refusedBatches++
      request.socket.destroy()
      notify()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    record.bytes = raw.length
    largestBatchBytes = Math.max(largestBatchBytes, raw.length)

    switch (current.kind) {
      case 'failing':
        answer(500, { error: 'stand-in switched to failing' })
        return
      case 'hanging':
        refusedBatches++
        hanging.add(response)
        response.on('close', () => hanging.delete(response))
        notify()
        return
      case 'redirecting':
        answer(current.status, { error: 'moved' }, { Location: `/moved${basePath}/v1/batch` })
        return
      case 'rate-limited':
        answer(429, { error: 'too many requests' }, { 'Retry-After': String(current.retryAfterSeconds) })
        return
      case 'refusing-everything':
        answer(400, { error: 'refused by a broken proxy' })
        return
      case 'up':
      case 'slow':
        break
    }
    if (request.headers.authorization !== expectedAuthorization) {
      answer(401, { error: 'bad write key' })
      return
    }
    const problem = batchProblem(raw)
    if (typeof problem === 'string') {
      rejections.push(problem)
      answer(400, { error: problem })
      return
    }
    record.events = problem.length
    if (current.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, current.delayMs))
    for (const event of problem) {
      receivedEvents++
      if (!events.has(event.messageId)) events.set(event.messageId, event)
    }
    acceptedBatches++
    answer(200, { success: true })
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    writeKey,
    events,
    rejections,
    requests,
    get receivedEvents() {
      return receivedEvents
    },
    get acceptedBatches() {
      return acceptedBatches
    },
    get refusedBatches() {
      return refusedBatches
    },
    get largestBatchBytes() {
      return largestBatchBytes
    },
    get redirectFollowers() {
      return redirectFollowers
    },
    get hangingRequests() {
      return hanging.size
    },
    setMode(next) {
      mode = next
      for (const response of [...hanging]) response.destroy()
    },
    waitFor(condition, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!condition()) return
          cleanup()
          resolve()
        }
        const poll = setInterval(check, 20)
        const timeout = setTimeout(() => {
          cleanup()
          reject(new Error(`tracking API stand-in: condition not met within ${timeoutMs} ms`))
        }, timeoutMs)
        const cleanup = (): void => {
          clearInterval(poll)
          clearTimeout(timeout)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
    async close() {
      for (const response of [...hanging]) response.destroy()
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

/** What Segment would refuse in a batch body (a reason for the 400), or its events when it is fine. */
function batchProblem(raw: Buffer): string | RecordedEvent[] {
  if (raw.length > segmentLimits.batchBytes) {
    return `the batch is ${raw.length} bytes, over the ${segmentLimits.batchBytes}-byte limit`
  }
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    return 'the body is not JSON'
  }
  const { batch, sentAt } = (body ?? {}) as { batch?: unknown; sentAt?: unknown }
  if (!Array.isArray(batch)) return 'expected { batch: [...] }'
  if (typeof sentAt !== 'string' || Number.isNaN(Date.parse(sentAt))) return 'sentAt must be an ISO-8601 time'
  for (const event of batch as unknown[]) {
    const problem = eventProblem(event)
    if (problem !== undefined) return problem
  }
  return batch as RecordedEvent[]
}

function eventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event is not an object'
  const fields = event as Record<string, unknown>
  const bytes = Buffer.byteLength(JSON.stringify(event))
  const name = typeof fields.messageId === 'string' ? fields.messageId : '(no messageId)'
  if (bytes > segmentLimits.eventBytes) {
    return `event ${name} is ${bytes} bytes, over the ${segmentLimits.eventBytes}-byte limit`
  }
  if (typeof fields.type !== 'string' || !callTypes.has(fields.type)) return `event ${name} has no valid type`
  if (typeof fields.messageId !== 'string' || fields.messageId === '') return 'an event has no messageId'
  if (typeof fields.userId !== 'string' && typeof fields.anonymousId !== 'string') {
    return `event ${name} has neither userId nor anonymousId`
  }
  if (fields.type === 'track' && (typeof fields.event !== 'string' || fields.event === '')) {
    return `track ${name} has no event name`
  }
  if (fields.type === 'group' && (typeof fields.groupId !== 'string' || fields.groupId === '')) {
    return `group ${name} has no groupId`
  }
  return undefined
}
