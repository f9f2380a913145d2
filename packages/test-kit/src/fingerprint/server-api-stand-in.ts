/**
 * A local stand-in for Fingerprint's Server API v4 (Fingerprint's cloud cannot be reached from
 * tests or the demo): `GET /v4/events/{event_id}` with `Authorization: Bearer <secret key>`,
 * answering the stored Event (the same object as a v4 webhook) or Fingerprint's error statuses, and
 * the event search `GET /v4/events?start&end&limit&reverse&pagination_key` over the stored events
 * (times in RFC 3339 or epoch milliseconds, newest first unless `reverse=true`, an opaque pagination
 * key, at most 100 per page, 400 for a query it cannot read). It can be told to answer one status,
 * to hang, to drop the connection, or to throttle the next searches (429 with Retry-After), to play
 * what the real API may do.
 *
 * `startServerApiStandIn` runs it on a port of its own; `createServerApiStandIn` gives its handler,
 * to serve it on a path of another server (the demo's `/fp/v4/events/...`). Requests reach it
 * through `routeFingerprintApi` (`fingerprint-api-routing.mjs`), the fetch a function's runtime is
 * given: the one part mocked.
 */
import type { ServerResponse } from 'node:http'
import { serveOnLoopback } from '../http/loopback-server'
import { normalizeBasePath, requestPath, type StandInHandler } from '../http/stand-in-handler'
import { requestedHostHeader, routeFingerprintApi } from './fingerprint-api-routing.mjs'

export type ServerApiMode =
  | { kind: 'up' }
  | { kind: 'status'; status: number }
  | { kind: 'hanging' }
  | { kind: 'resetting' }
  /** 200 with a JSON body of `bytes` bytes, streamed in 64 KiB chunks, with or without a Content-Length. */
  | { kind: 'oversized'; bytes: number; declareLength: boolean }

export interface ServerApiRequest {
  /** The API host the function asked for, e.g. `eu.api.fpjs.io`. */
  host: string
  path: string
  authorization: string | undefined
}

/** What the stand-in holds and received, and how to steer it: the same whether it has a port of its own or not. */
export interface ServerApiStandInState {
  readonly secretKey: string
  /** Every request received, in order. */
  readonly requests: readonly ServerApiRequest[]
  /** Bytes of the last `oversized` answer written before the client closed the connection (or all of them). */
  readonly oversizedBytesWritten: number
  /** Stores an event (v4 Event object), found by its `event_id` and by the search. */
  store(event: Record<string, unknown>): void
  setMode(mode: ServerApiMode): void
  /** Answers every request `ms` later, as a real API across a network does (benchmarks only: tests never wait). */
  setLatency(ms: number): void
  /** Answers the next `count` searches 429 with `Retry-After: <retryAfterSeconds>`. */
  throttleSearches(count: number, retryAfterSeconds: number): void
}

/** The stand-in on a port of its own (`startServerApiStandIn`). */
export interface ServerApiStandIn extends ServerApiStandInState {
  /** Its own address, e.g. `http://127.0.0.1:4321` (for a child process's preload: `serverApiPreloadPath`). */
  readonly origin: string
  /** The runtime's fetch, routing Fingerprint's API hosts here. */
  fetch: typeof fetch
  close(): Promise<void>
}

/** The stand-in without a server (`createServerApiStandIn`): its handler goes on another server. */
export interface MountableServerApiStandIn extends ServerApiStandInState {
  /**
   * Takes the API's paths, `<basePath>/v4/events` and every path under it; leaves every other path
   * (the demo serves the v4 agent at `/fp/v4/<apiKey>`, beside it).
   */
  readonly handle: StandInHandler
  /** Drops the requests left hanging (the server it is mounted on closes the other connections). */
  release(): void
}

export interface ServerApiStandInOptions {
  /** The secret API key it requires (`''`: none is right, every request is refused). @default 'server-api-secret-key' */
  secretKey?: string
  /** The path it is served under, e.g. the demo's `/fp`. @default '' */
  basePath?: string
}

export function createServerApiStandIn(options: ServerApiStandInOptions = {}): MountableServerApiStandIn {
  const secretKey = options.secretKey ?? 'server-api-secret-key'
  const basePath = normalizeBasePath(options.basePath)
  const events = new Map<string, Record<string, unknown>>()
  const requests: ServerApiRequest[] = []
  let mode: ServerApiMode = { kind: 'up' }
  let throttled = { count: 0, retryAfterSeconds: 0 }
  const hanging: ServerResponse[] = []
  let oversizedBytesWritten = 0
  let latencyMs = 0

  /** Writes `{"padding":"xxx..."}` of `bytes` bytes, as fast as the client reads, until it is all sent or the client goes. */
  function streamOversized(response: ServerResponse, bytes: number, declareLength: boolean): void {
    const chunk = Buffer.alloc(64 * 1024, 'x')
    const open = Buffer.from('{"padding":"')
    const close = Buffer.from('"}')
    let left = bytes - open.length - close.length
    oversizedBytesWritten = 0
    response.writeHead(200, {
      'Content-Type': 'application/json',
      ...(declareLength ? { 'Content-Length': String(bytes) } : {}),
    })
    const write = (buffer: Buffer): boolean => {
      oversizedBytesWritten += buffer.length
      return response.write(buffer)
    }
    write(open)
    const pump = (): void => {
      while (left > 0 && !response.destroyed) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
        left -= part.length
        if (!write(part)) {
          response.once('drain', pump)
          return
        }
      }
      if (!response.destroyed) response.end(close, () => (oversizedBytesWritten += close.length))
    }
    pump()
  }

  /** Answers a request to `path` (the API's own path, base path removed). */
  function answerRequest(
    request: Parameters<StandInHandler>[0],
    response: ServerResponse,
    path: string,
    query: string,
  ): void {
    const host = request.headers[requestedHostHeader]
    requests.push({
      host: typeof host === 'string' ? host : '',
      path: `${path}${query}`,
      authorization: request.headers.authorization,
    })
    const answer = (status: number, body: object): void => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    }
    if (mode.kind === 'resetting') {
      request.socket.destroy()
      return
    }
    if (mode.kind === 'hanging') {
      hanging.push(response)
      return
    }
    if (mode.kind === 'oversized') {
      streamOversized(response, mode.bytes, mode.declareLength)
      return
    }
    if (mode.kind === 'status') {
      answer(mode.status, { error: { code: 'StandIn', message: `status ${mode.status}` } })
      return
    }
    if (secretKey === '' || request.headers.authorization !== `Bearer ${secretKey}`) {
      answer(403, { error: { code: 'SecretAPIKeyNotFound', message: 'secret key is not found' } })
      return
    }
    if (path === '/v4/events') {
      if (throttled.count > 0) {
        throttled.count--
        response
          .writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(throttled.retryAfterSeconds) })
          .end(JSON.stringify({ error: { code: 'too_many_requests', message: 'too many search requests' } }))
        return
      }
      const page = searchPage([...events.values()], new URLSearchParams(query))
      if (typeof page === 'string') answer(400, { error: { code: 'request_cannot_be_parsed', message: page } })
      else answer(200, page)
      return
    }
    const match = /^\/v4\/events\/([^/]+)$/.exec(path)
    const event = match?.[1] === undefined ? undefined : events.get(decodeURIComponent(match[1]))
    if (event) answer(200, event)
    else answer(404, { error: { code: 'RequestNotFound', message: 'request id is not found' } })
  }

  const handle: StandInHandler = (request, response) => {
    const fullPath = requestPath(request)
    if (!fullPath.startsWith(basePath)) return Promise.resolve(false)
    const path = fullPath.slice(basePath.length)
    if (path !== '/v4/events' && !path.startsWith('/v4/events/')) return Promise.resolve(false)
    const query = (request.url ?? '').slice(fullPath.length)
    if (latencyMs === 0) answerRequest(request, response, path, query)
    else setTimeout(() => answerRequest(request, response, path, query), latencyMs)
    return Promise.resolve(true)
  }

  const release = (): void => {
    for (const response of hanging.splice(0)) response.destroy()
  }

  return {
    secretKey,
    requests,
    get oversizedBytesWritten() {
      return oversizedBytesWritten
    },
    store(event) {
      events.set(String(event.event_id), event)
    },
    setMode(next) {
      mode = next
      release()
    },
    setLatency(ms) {
      latencyMs = ms
    },
    throttleSearches(count, retryAfterSeconds) {
      throttled = { count, retryAfterSeconds }
    },
    handle,
    release,
  }
}

/** The stand-in on a free loopback port of its own, requiring `secretKey`. */
export async function startServerApiStandIn(secretKey = 'server-api-secret-key'): Promise<ServerApiStandIn> {
  const standIn = createServerApiStandIn({ secretKey })
  const server = await serveOnLoopback(standIn.handle, (response) => {
    response
      .writeHead(404, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'NotFound', message: 'not a Server API v4 path' } }))
  })
  // The state's getters stay live: the object is extended, not copied.
  return Object.assign(standIn, {
    origin: server.origin,
    fetch: routeFingerprintApi(() => server.origin),
    async close() {
      standIn.release()
      await server.close()
    },
  })
}

/** A search time: RFC 3339, or epoch milliseconds. */
function searchTime(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isNaN(time) ? undefined : time
}

/** One page of the search, or what is wrong with the query. */
function searchPage(
  stored: readonly Record<string, unknown>[],
  query: URLSearchParams,
): string | { events: Record<string, unknown>[]; pagination_key?: string } {
  const now = Date.now()
  const start = searchTime(query.get('start'), now - 7 * 86_400_000)
  const end = searchTime(query.get('end'), now)
  const limit = Number(query.get('limit') ?? 10)
  if (start === undefined || end === undefined) return 'start and end must be RFC 3339 times or epoch milliseconds'
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return 'limit must be between 1 and 100'
  const oldestFirst = query.get('reverse') === 'true'
  const order = (event: Record<string, unknown>): [number, string] => [Number(event.timestamp), String(event.event_id)]
  const before = (a: [number, string], b: [number, string]): boolean => (a[0] === b[0] ? a[1] < b[1] : a[0] < b[0])
  const sorted = stored
    .filter((event) => Number(event.timestamp) > start && Number(event.timestamp) < end)
    .sort((a, b) => {
      const earlier = before(order(a), order(b)) ? -1 : 1
      return oldestFirst ? earlier : -earlier
    })
  const key = query.get('pagination_key')
  let from = 0
  if (key !== null) {
    let last: [number, string]
    try {
      last = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as [number, string]
    } catch {
      return 'pagination_key is not one this API gave'
    }
    from = sorted.findIndex((event) => (oldestFirst ? before(last, order(event)) : before(order(event), last)))
    if (from < 0) from = sorted.length
  }
  const events = sorted.slice(from, from + limit)
  const lastEvent = events[events.length - 1]
  const more = from + limit < sorted.length && lastEvent !== undefined
  return {
    events,
    ...(more ? { pagination_key: Buffer.from(JSON.stringify(order(lastEvent))).toString('base64url') } : {}),
  }
}
