/**
 * A local stand-in for Segment's Tracking API (Segment's cloud cannot be reached from tests or the
 * demo), enforcing what Segment enforces, so a client that breaks a rule fails here as it would
 * there (the rules: `tracking-api-rules.ts`):
 * - `POST <basePath>/v1/batch` (analytics-node, the receiver) and the endpoints Analytics.js posts
 *   to from browsers, `/v1/t|p|i|g|s|a` and `/v1/b` when batching: `text/plain` bodies read as JSON,
 *   CORS preflights answered;
 * - a write key of one of the workspace's sources, by Basic auth or the body's `writeKey` (401
 *   otherwise);
 * - a body of at most 500 KB, no event over 32 KB, every event valid: otherwise 400 for the WHOLE
 *   request, as Segment answers;
 * - accepted events deduplicated by messageId, as Segment does.
 *
 * It can also play what goes wrong: down (connections reset), failing (500), slow, hanging (no
 * answer at all), redirecting (3xx to another path of its own, which counts the requests that
 * follow it), rate-limited (429 with Retry-After).
 *
 * `startTrackingApiStandIn` runs it on a port of its own; `createTrackingApiStandIn` gives its
 * handler, to serve it on a path of another server (the demo's `/segment/v1/...`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { allowAnyOrigin, answerPreflight } from '../http/cross-origin'
import { serveOnLoopback } from '../http/loopback-server'
import { normalizeBasePath, requestPath, type StandInHandler } from '../http/stand-in-handler'
import { eventEndpoint, parseBody, requestProblem, requestWriteKey, type RecordedEvent } from './tracking-api-rules'

export type { RecordedEvent } from './tracking-api-rules'

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

/** One request to an event endpoint (a batch, or Analytics.js' one event) as the stand-in saw it. */
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

/** What the stand-in received, and how to steer it: the same whether it has a port of its own or not. */
export interface TrackingApiStandInState {
  /** The write key of its one source (see `isSourceWriteKey` for more). */
  readonly writeKey: string
  /** Accepted events, one per messageId (the first received). */
  readonly events: ReadonlyMap<string, RecordedEvent>
  /** Accepted events counted with duplicates. */
  readonly receivedEvents: number
  /** Requests answered 2xx. */
  readonly acceptedBatches: number
  /** Requests not answered 2xx (reset, hanging, redirected, 429, 4xx, 5xx). */
  readonly refusedBatches: number
  /** Requests answered 400 because a limit or a rule was broken, with the reason. */
  readonly rejections: readonly string[]
  /** Every request to an event endpoint, in order of arrival. */
  readonly requests: readonly BatchRequest[]
  /** The largest request body received, in bytes. */
  readonly largestBatchBytes: number
  /** Requests that followed a redirect to `/moved/...` (there must be none). */
  readonly redirectFollowers: number
  /** Requests waiting for an answer in `hanging` mode. */
  readonly hangingRequests: number
  setMode(mode: TrackingApiMode): void
  /** Resolves once `condition()` holds (checked on every request and every 20 ms); rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>
}

/** The stand-in on a port of its own (`startTrackingApiStandIn`). */
export interface TrackingApiStandIn extends TrackingApiStandInState {
  /** Base URL for the receiver's `trackingHost`, base path included, e.g. `http://127.0.0.1:4321/segment`. */
  readonly url: string
  close(): Promise<void>
}

/** The stand-in without a server (`createTrackingApiStandIn`): its handler goes on another server. */
export interface MountableTrackingApiStandIn extends TrackingApiStandInState {
  /**
   * Takes `<basePath>/v1/<endpoint>` (and `/moved<basePath>/...`, where its redirects point);
   * leaves every other path.
   */
  readonly handle: StandInHandler
  /** Drops the requests left hanging (the server it is mounted on closes the other connections). */
  release(): void
}

export interface TrackingApiStandInOptions {
  /** @default 'stand-in-write-key' */
  writeKey?: string
  /** A path before `/v1/...`, as a proxy in front of Segment has, or the demo's `/segment`. @default '' */
  basePath?: string
  /**
   * Whether a write key belongs to one of the workspace's sources (401 otherwise). The demo takes
   * any, as every write key of its examples is a source of its own.
   * @default only `writeKey`
   */
  isSourceWriteKey?: (writeKey: string) => boolean
  /**
   * Called with the events of each request it accepts (duplicates included, in order), with the
   * request they came in, before it answers: how the demo's activity log sees every event.
   */
  onEvents?: (events: readonly RecordedEvent[], request: IncomingMessage) => void
}

export function createTrackingApiStandIn(options: TrackingApiStandInOptions = {}): MountableTrackingApiStandIn {
  const writeKey = options.writeKey ?? 'stand-in-write-key'
  const isSourceWriteKey = options.isSourceWriteKey ?? ((candidate: string) => candidate === writeKey)
  const basePath = normalizeBasePath(options.basePath)
  const eventPath = new RegExp(`^${escapeRegExp(basePath)}/v1/([a-z]+)$`)
  const movedPrefix = `/moved${basePath}/`
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
  const listeners = new Set<() => void>()
  const notify = (): void => {
    for (const listener of listeners) listener()
  }
  const releaseHanging = (): void => {
    for (const response of [...hanging]) response.destroy()
  }

  const handle: StandInHandler = async (request, response) => {
    const path = requestPath(request)
    if (path.startsWith(movedPrefix)) {
      redirectFollowers++
      response.writeHead(404).end()
      notify()
      return true
    }
    const name = eventPath.exec(path)?.[1]
    if (name === undefined) return false
    if (request.method === 'OPTIONS') {
      answerPreflight(request, response)
      return true
    }
    allowAnyOrigin(request, response)
    const endpoint = eventEndpoint(name)
    if (request.method !== 'POST' || endpoint === undefined) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}')
      return true
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
      return true
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    record.bytes = raw.length
    largestBatchBytes = Math.max(largestBatchBytes, raw.length)

    switch (current.kind) {
      case 'failing':
        answer(500, { error: 'stand-in switched to failing' })
        return true
      case 'hanging':
        refusedBatches++
        hanging.add(response)
        response.on('close', () => hanging.delete(response))
        notify()
        return true
      case 'redirecting':
        answer(current.status, { error: 'moved' }, { Location: `/moved${basePath}/v1/${name}` })
        return true
      case 'rate-limited':
        answer(429, { error: 'too many requests' }, { 'Retry-After': String(current.retryAfterSeconds) })
        return true
      case 'refusing-everything':
        answer(400, { error: 'refused by a broken proxy' })
        return true
      case 'up':
      case 'slow':
        break
    }
    const body = parseBody(raw)
    const sentWriteKey = requestWriteKey(request.headers.authorization, body)
    if (sentWriteKey === undefined || !isSourceWriteKey(sentWriteKey)) {
      answer(401, { error: 'bad write key' })
      return true
    }
    const problem = requestProblem(endpoint, raw, body)
    if (typeof problem === 'string') {
      rejections.push(problem)
      answer(400, { error: problem })
      return true
    }
    record.events = problem.length
    if (current.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, current.delayMs))
    for (const event of problem) {
      receivedEvents++
      if (!events.has(event.messageId)) events.set(event.messageId, event)
    }
    acceptedBatches++
    options.onEvents?.(problem, request)
    answer(200, { success: true })
    return true
  }

  return {
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
      releaseHanging()
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
    handle,
    release: releaseHanging,
  }
}

/** The stand-in on a free loopback port of its own. */
export async function startTrackingApiStandIn(options: TrackingApiStandInOptions = {}): Promise<TrackingApiStandIn> {
  const standIn = createTrackingApiStandIn(options)
  const server = await serveOnLoopback(standIn.handle, (response) => {
    response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}')
  })
  // The state's getters stay live: the object is extended, not copied.
  return Object.assign(standIn, {
    url: `${server.origin}${normalizeBasePath(options.basePath)}`,
    async close() {
      standIn.release()
      await server.close()
    },
  })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
