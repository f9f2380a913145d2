/**
 * A local stand-in for Fingerprint's Server API v4 (Fingerprint's cloud cannot be reached from
 * tests): `GET /v4/events/{event_id}` with `Authorization: Bearer <secret key>`, answering the
 * stored Event (the same object as a v4 webhook) or Fingerprint's error statuses. It can be told
 * to answer one status, to hang, or to drop the connection, to play what the real API may do.
 *
 * `fetch` is what the function's runtime is given: it sends requests for Fingerprint's API hosts
 * (any region) to this server instead, keeping path and headers. That is the one part mocked.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ServerApiMode =
  { kind: 'up' } | { kind: 'status'; status: number } | { kind: 'hanging' } | { kind: 'resetting' }

export interface ServerApiRequest {
  /** The API host the function asked for, e.g. `eu.api.fpjs.io`. */
  host: string
  path: string
  authorization: string | undefined
}

export interface ServerApiStandIn {
  readonly secretKey: string
  /** Every request received, in order. */
  readonly requests: readonly ServerApiRequest[]
  /** Stores an event (v4 Event object), found by its `event_id`. */
  store(event: Record<string, unknown>): void
  setMode(mode: ServerApiMode): void
  /** The runtime's fetch, routing Fingerprint's API hosts here. */
  fetch: typeof fetch
  close(): Promise<void>
}

const fingerprintApiHost = /^(?:[a-z]{2}\.)?api\.fpjs\.io$/

export async function startServerApiStandIn(secretKey = 'server-api-secret-key'): Promise<ServerApiStandIn> {
  const events = new Map<string, Record<string, unknown>>()
  const requests: ServerApiRequest[] = []
  let mode: ServerApiMode = { kind: 'up' }
  const hanging: ServerResponse[] = []

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const host = request.headers['x-requested-host']
    const path = request.url ?? '/'
    requests.push({ host: typeof host === 'string' ? host : '', path, authorization: request.headers.authorization })
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
    if (mode.kind === 'status') {
      answer(mode.status, { error: { code: 'StandIn', message: `status ${mode.status}` } })
      return
    }
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      answer(403, { error: { code: 'SecretAPIKeyNotFound', message: 'secret key is not found' } })
      return
    }
    const match = /^\/v4\/events\/([^/?]+)$/.exec(path)
    const event = match?.[1] === undefined ? undefined : events.get(decodeURIComponent(match[1]))
    if (event) answer(200, event)
    else answer(404, { error: { code: 'RequestNotFound', message: 'request id is not found' } })
  }

  const server = createServer(handle)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  const routedFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!fingerprintApiHost.test(url.hostname))
      throw new TypeError(`The stand-in only routes Fingerprint's API, not ${url.hostname}`)
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers)
    headers.set('x-requested-host', url.hostname)
    return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, { ...init, headers })
  }

  return {
    secretKey,
    requests,
    store(event) {
      events.set(String(event.event_id), event)
    },
    setMode(next) {
      mode = next
      for (const response of hanging.splice(0)) response.destroy()
    },
    fetch: routedFetch,
    async close() {
      for (const response of hanging.splice(0)) response.destroy()
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
