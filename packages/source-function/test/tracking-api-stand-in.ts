/**
 * A local stand-in for Segment's Tracking API (Segment's cloud cannot be reached from tests):
 * a node:http server taking analytics-node's `POST /v1/batch`, recording every event and
 * deduplicating by messageId the way Segment does. It can be switched down (refusing
 * connections, or answering 500) or slow, to play an outage.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the stand-in answers batches. */
export type TrackingApiMode =
  | { kind: 'up' }
  /** Drops every connection without an answer (like a host that is down). */
  | { kind: 'resetting' }
  /** Answers 500 (a retryable server error). */
  | { kind: 'failing' }
  /** Accepts, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number }

export interface RecordedEvent {
  type: string
  messageId: string
  [field: string]: unknown
}

export interface TrackingApiStandIn {
  /** Base URL for analytics-node's `host`, e.g. `http://127.0.0.1:4321`. */
  readonly url: string
  readonly writeKey: string
  /** Accepted events, one per messageId (the first received). */
  readonly events: ReadonlyMap<string, RecordedEvent>
  /** Accepted events counted with duplicates. */
  readonly receivedEvents: number
  /** Batch requests answered 2xx. */
  readonly acceptedBatches: number
  /** Batch requests refused (reset, 500) while not up. */
  readonly refusedBatches: number
  setMode(mode: TrackingApiMode): void
  /** Resolves once `condition()` holds (checked on every batch and every 20 ms); rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startTrackingApiStandIn(writeKey = 'stand-in-write-key'): Promise<TrackingApiStandIn> {
  const events = new Map<string, RecordedEvent>()
  let receivedEvents = 0
  let acceptedBatches = 0
  let refusedBatches = 0
  let mode: TrackingApiMode = { kind: 'up' }
  const expectedAuthorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`
  const listeners = new Set<() => void>()
  const notify = (): void => {
    for (const listener of listeners) listener()
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const answer = (status: number, body: object): void => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    }
    if (request.method !== 'POST' || request.url !== '/v1/batch') {
      answer(404, { error: 'not found' })
      return
    }
    const current = mode
    if (current.kind === 'resetting') {
      refusedBatches++
      request.socket.destroy()
      notify()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    if (current.kind === 'failing') {
      refusedBatches++
      answer(500, { error: 'stand-in switched to failing' })
      notify()
      return
    }
    if (request.headers.authorization !== expectedAuthorization) {
      answer(401, { error: 'bad write key' })
      return
    }
    let batch: unknown
    try {
      batch = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { batch?: unknown }).batch
    } catch {
      answer(400, { error: 'body is not JSON' })
      return
    }
    if (!Array.isArray(batch) || !batch.every(isRecordedEvent)) {
      answer(400, { error: 'expected { batch: [{ type, messageId, ... }] }' })
      return
    }
    if (current.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, current.delayMs))
    for (const event of batch) {
      receivedEvents++
      if (!events.has(event.messageId)) events.set(event.messageId, event)
    }
    acceptedBatches++
    answer(200, { success: true })
    notify()
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    writeKey,
    events,
    get receivedEvents() {
      return receivedEvents
    },
    get acceptedBatches() {
      return acceptedBatches
    },
    get refusedBatches() {
      return refusedBatches
    },
    setMode(next) {
      mode = next
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
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

function isRecordedEvent(value: unknown): value is RecordedEvent {
  if (typeof value !== 'object' || value === null) return false
  const { type, messageId } = value as Record<string, unknown>
  return typeof type === 'string' && typeof messageId === 'string' && messageId !== ''
}
