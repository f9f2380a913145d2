/**
 * Slow and idle connections cannot pile up in the receiver (1,100 idle sockets once made 69% of
 * real webhooks fail): a cap on open connections, and header and idle timeouts that close sockets
 * in seconds. Raw TCP sockets on loopback play the clients that connect and say nothing.
 */
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postWebhook } from '@fingerprint-segment/test-kit'
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopback-receiver'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

const secret = 'connections-secret'
let api: TrackingApiStandIn
let receiver: LoopbackReceiver
let port: number

beforeAll(async () => {
  api = await startTrackingApiStandIn()
  receiver = await startLoopbackReceiver({
    writeKey: api.writeKey,
    trackingHost: api.url,
    settings: { webhookSecrets: [secret] },
    maxConnections: 20,
    headersTimeoutMs: 1000,
    idleTimeoutMs: 500,
  })
  port = Number(new URL(receiver.url).port)
})
afterAll(async () => {
  await receiver.close()
  await api.close()
})

/** A socket to the receiver, and when it was closed (by the server: the client never ends it). */
interface WatchedSocket {
  socket: Socket
  openedAt: number
  closedAt: number | undefined
}

async function openSockets(count: number, send?: string): Promise<WatchedSocket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WatchedSocket>((resolve, reject) => {
          const watched: WatchedSocket = { socket: connect(port, '127.0.0.1'), openedAt: 0, closedAt: undefined }
          watched.socket.on('error', () => undefined)
          watched.socket.on('close', () => (watched.closedAt = Date.now()))
          // Read what the server sends (a 408, then its end of the connection), as a client does.
          watched.socket.resume()
          watched.socket.once('connect', () => {
            watched.openedAt = Date.now()
            if (send !== undefined) watched.socket.write(send)
            resolve(watched)
          })
          watched.socket.once('error', reject)
        }),
    ),
  )
}

/** Waits (polling, at most `timeoutMs`) until every socket is closed. */
async function allClosed(sockets: readonly WatchedSocket[], timeoutMs: number): Promise<void> {
  const started = Date.now()
  while (sockets.some((watched) => watched.closedAt === undefined)) {
    if (Date.now() - started > timeoutMs) {
      const open = sockets.filter((watched) => watched.closedAt === undefined).length
      throw new Error(`${open} of ${sockets.length} sockets still open after ${timeoutMs} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const longestOpenMs = (sockets: readonly WatchedSocket[]): number =>
  Math.max(...sockets.map((watched) => (watched.closedAt ?? Date.now()) - watched.openedAt))

describe('connections', () => {
  it('closes sockets that never send their headers within about headersTimeoutMs, and those over the cap at once (the oldest idle first)', async () => {
    const idle = await openSockets(30)
    // 1 s of headers timeout, checked every second: closed well within 4 s, not 30 s.
    await allClosed(idle, 4000)
    expect(longestOpenMs(idle)).toBeLessThan(4000)
    // Past the cap of 20 the server closed them at once.
    expect(idle.filter((watched) => (watched.closedAt ?? 0) - watched.openedAt < 500).length).toBeGreaterThanOrEqual(10)

    const [webhook] = signedWebhooks(1, secret, { prefix: 'after-idle' })
    if (!webhook) throw new Error('no webhook')
    expect((await postWebhook(receiver.url, webhook)).status).toBe(200)
  })

  it('closes a socket that sends half its headers and stops', async () => {
    const stalled = await openSockets(5, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic')
    await allClosed(stalled, 4000)
  })

  it('closes a kept-alive socket idle after its request within about idleTimeoutMs', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'keep-alive' })
    if (!webhook) throw new Error('no webhook')
    const request = [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1',
      'Connection: keep-alive',
      ...Object.entries(webhook.headers).map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${Buffer.byteLength(webhook.body)}`,
      '',
      webhook.body,
    ].join('\r\n')
    const [kept] = await openSockets(1, request)
    if (!kept) throw new Error('no socket')
    let answer = ''
    kept.socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    await allClosed([kept], 4000)
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(answer).toMatch(/keep-alive/i)
  })
})
