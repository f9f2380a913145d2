/**
 * The self-hosted receiver over real HTTP on loopback, storing to an SQLite file and delivering
 * to a local stand-in for Segment's Tracking API (Segment's cloud cannot be reached from tests).
 * Both stores, outages, kills and the API's limits: receiver-durability and receiver-delivery-limits.
 */
import type { PipelineSettings } from '@fingerprint-segment/source-function'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import { signWebhookBody } from '@fingerprint-segment/source-function'
import { postWebhook } from '@fingerprint-segment/test-kit'
import { assembleWebhookHandler, createWebhookHandler } from '../src/http/create-webhook-handler'
import { useReceiverOnLoopback } from './receiver-on-loopback'
import { startLoopbackReceiver } from '../support/loopback-receiver'
import type { ReceiverLogEntry } from '../src/lib/receiver-log'
import { createTestStoreLocation, removeTestStores } from './test-stores'
import { createManualTime, startTrackingApiStandIn } from '@fingerprint-segment/test-kit'

const secret = 'receiver-test-secret'
const loopback = useReceiverOnLoopback(secret)
afterAll(removeTestStores)

/** Posts a good webhook and waits until its calls are delivered: the webhooks stored before it are too. */
async function deliveredBarrier(prefix: string): Promise<number> {
  const [webhook] = signedWebhooks(1, secret, { prefix })
  if (!webhook) throw new Error('no webhook')
  expect((await postWebhook(loopback.receiver.url, webhook)).status).toBe(200)
  await loopback.trackingApi.waitFor(() =>
    webhook.expectedMessageIds.every((messageId) => loopback.trackingApi.events.has(messageId)),
  )
  return webhook.expectedMessageIds.length
}

describe('createWebhookHandler', () => {
  it('answers 200 once the calls are stored, then delivers them, each with its own messageId and timestamp', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'basic' })
    if (!webhook) throw new Error('no webhook')
    const response = await fetch(loopback.receiver.url, {
      method: 'POST',
      headers: webhook.headers,
      body: webhook.body,
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'stored',
      requestId: webhook.eventId,
      calls: webhook.expectedMessageIds.length,
      duplicates: 0,
    })
    await loopback.trackingApi.waitFor(() =>
      webhook.expectedMessageIds.every((messageId) => loopback.trackingApi.events.has(messageId)),
    )
    const identify = loopback.trackingApi.events.get(`fp-${webhook.eventId}-identify`)
    expect(identify).toMatchObject({ type: 'identify', userId: 'user-0', anonymousId: `ajs-${webhook.eventId}` })
    const body = JSON.parse(webhook.body) as { timestamp: number }
    expect(new Date(String(identify?.timestamp)).getTime()).toBe(body.timestamp)
    expect(loopback.logs).toContainEqual(
      expect.objectContaining({
        event: 'webhook',
        requestId: webhook.eventId,
        status: 200,
        calls: webhook.expectedMessageIds.length,
      }),
    )
  })

  it('answers 200 to every copy of a webhook delivered several times at once, and stores and sends its calls once', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'overlap' })
    if (!webhook) throw new Error('no webhook')
    const before = loopback.trackingApi.receivedEvents
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(loopback.receiver.url, { method: 'POST', headers: webhook.headers, body: webhook.body }),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { duplicates: number }[]
    const calls = webhook.expectedMessageIds.length
    expect(bodies.map((body) => body.duplicates).sort()).toEqual([0, calls, calls, calls, calls])
    const barrierCalls = await deliveredBarrier('overlap-barrier')
    expect([...loopback.trackingApi.events.keys()].filter((id) => id.includes(webhook.eventId)).sort()).toEqual(
      [...webhook.expectedMessageIds].sort(),
    )
    // Stored once, so sent once: Segment's deduplication is not even needed.
    expect(loopback.trackingApi.receivedEvents - before).toBe(calls + barrierCalls)
  })

  it('answers 401 to a wrong or missing signature and forwards nothing', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'unsigned' })
    if (!webhook) throw new Error('no webhook')
    const wrong = await postWebhook(loopback.receiver.url, {
      ...webhook,
      headers: { ...webhook.headers, 'FPJS-Event-Signature': signWebhookBody(webhook.body, 'other') },
    })
    const missing = await postWebhook(loopback.receiver.url, {
      ...webhook,
      headers: { 'Content-Type': 'application/json' },
    })
    expect([wrong.status, missing.status]).toEqual([401, 401])
    expect(loopback.logs).toContainEqual(
      expect.objectContaining({
        event: 'webhook',
        status: 401,
        requestId: webhook.eventId,
        message: expect.stringMatching(/FPJS-Event-Signature/),
      }),
    )
    await deliveredBarrier('unsigned-barrier')
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
  })

  it('answers 400 with the reason to a body that is not a Fingerprint event', async () => {
    const body = JSON.stringify({ hello: 'world' })
    const response = await fetch(loopback.receiver.url, {
      method: 'POST',
      body,
      headers: { 'FPJS-Event-Signature': signWebhookBody(body, secret) },
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/event_id|requestId/)
  })

  it('answers 413 to a body over 512 KiB', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(600 * 1024) })
    const response = await fetch(loopback.receiver.url, { method: 'POST', body })
    expect(response.status).toBe(413)
  })

  it('takes a 600 KiB webhook when maxBodyBytes allows 2 MiB: the limit is the host option, not the Source Function one', async () => {
    const receiver = await startLoopbackReceiver({
      writeKey: loopback.trackingApi.writeKey,
      trackingHost: loopback.trackingApi.url,
      settings: { webhookSecrets: [secret] },
      maxBodyBytes: 2 * 1024 * 1024,
    })
    try {
      const [base] = signedWebhooks(1, secret, { prefix: 'large' })
      if (!base) throw new Error('no webhook')
      // Fingerprint's raw device attributes can be large; the mapping never copies them.
      const parsed = JSON.parse(base.body) as Record<string, unknown>
      const body = JSON.stringify({ ...parsed, raw_device_attributes: { canvas: { value: 'x'.repeat(600 * 1024) } } })
      const answer = await postWebhook(receiver.url, {
        ...base,
        body,
        headers: { ...base.headers, 'FPJS-Event-Signature': signWebhookBody(body, secret) },
      })
      expect(answer.status).toBe(200)
      await loopback.trackingApi.waitFor(() =>
        base.expectedMessageIds.every((messageId) => loopback.trackingApi.events.has(messageId)),
      )
    } finally {
      await receiver.close()
    }
  })

  it('keeps the base path of trackingHost: calls go to <base>/v1/batch', async () => {
    const proxied = await startTrackingApiStandIn({ basePath: '/segment/proxy' })
    const receiver = await startLoopbackReceiver({
      writeKey: proxied.writeKey,
      trackingHost: proxied.url,
      settings: { webhookSecrets: [secret] },
    })
    try {
      expect(proxied.url).toMatch(/\/segment\/proxy$/)
      const [webhook] = signedWebhooks(1, secret, { prefix: 'base-path' })
      if (!webhook) throw new Error('no webhook')
      expect((await postWebhook(receiver.url, webhook)).status).toBe(200)
      await proxied.waitFor(() => webhook.expectedMessageIds.every((messageId) => proxied.events.has(messageId)))
    } finally {
      await receiver.close()
      await proxied.close()
    }
  })

  it('answers 413 to a chunked body that grows over 512 KiB while it is read', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const response = await fetch(loopback.receiver.url, { method: 'POST', body, duplex: 'half' })
    expect(response.status).toBe(413)
    expect(response.headers.get('connection')).toBe('close')
  })

  it('answers 408 to a body that stalls past answerTimeoutMs, and a shutdown does not wait for it', async () => {
    const stalledLogs: ReceiverLogEntry[] = []
    // Manual time: the deadline passes when the test says so, not after a real wait.
    const time = createManualTime()
    const handler = assembleWebhookHandler(
      {
        writeKey: 'k',
        trackingHost: loopback.trackingApi.url,
        store: await createTestStoreLocation('sqlite'),
        answerTimeoutMs: 2500,
        logger: (entry) => stalledLogs.push(entry),
      },
      { time, processMetrics: false },
    )
    await handler.ready
    const server = createServer(handler).listen(0, '127.0.0.1')
    await once(server, 'listening')
    // A client that sends half a body and then nothing (the stream never ends).
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event_id":'))
      },
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const answer = fetch(url, { method: 'POST', body, duplex: 'half' })
    await loopback.trackingApi.waitFor(() => handler.inFlight === 1)
    await time.advance(2499)
    expect(handler.inFlight).toBe(1)
    await time.advance(1)
    const response = await answer
    expect(response.status).toBe(408)
    expect(response.headers.get('connection')).toBe('close')
    expect(handler.inFlight).toBe(0)
    expect(stalledLogs).toContainEqual(
      expect.objectContaining({
        event: 'webhook',
        status: 408,
        message: 'The webhook body did not arrive within 2500 ms.',
      }),
    )
    await handler.close({ timeoutMs: 0 })
    server.closeAllConnections()
    server.close()
  })

  it('answers 200 without forwarding when the event carries no Segment payload', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'plain' })
    if (!webhook) throw new Error('no webhook')
    const parsed = JSON.parse(webhook.body) as Record<string, unknown>
    delete parsed.tag
    delete parsed.tags
    const body = JSON.stringify(parsed)
    const response = await fetch(loopback.receiver.url, {
      method: 'POST',
      body,
      headers: { 'FPJS-Event-Signature': signWebhookBody(body, secret) },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'nothing to forward', calls: 0 })
    await deliveredBarrier('plain-barrier')
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
  })

  it('serves GET /health with the queue, /health/live, /health/ready and /metrics, and refuses other methods with 405', async () => {
    const health = await fetch(new URL('/health', loopback.receiver.url))
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      inFlight: 0,
      queued: expect.any(Number),
      oldestQueuedAgeSeconds: expect.any(Number),
      deadLetters: 0,
      delivery: { failing: false },
    })
    expect(await (await fetch(new URL('/health/live', loopback.receiver.url))).json()).toEqual({ status: 'live' })
    const ready = await fetch(new URL('/health/ready', loopback.receiver.url))
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }])
    const metrics = await fetch(new URL('/metrics', loopback.receiver.url))
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(await metrics.text()).toMatch(/^fingerprint_segment_webhooks_total\{status="200"\} \d+$/m)
    const put = await fetch(loopback.receiver.url, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('POST')
  })

  it('refuses a setting with a wrong value at creation, naming it', async () => {
    const wrong = { replayedEvents: 'ignore' } as unknown as Partial<PipelineSettings>
    await expect(startLoopbackReceiver({ writeKey: 'k', settings: wrong })).rejects.toThrow(/replayedEvents/)
    await expect(
      startLoopbackReceiver({ writeKey: 'k', settings: { riskRules: { rules: { vpn: 'deny' as 'block' } } } }),
    ).rejects.toThrow(/riskRules\.rules\.vpn/)
    await expect(startLoopbackReceiver({ writeKey: ' ' })).rejects.toThrow(/writeKey/)
    await expect(startLoopbackReceiver({ writeKey: 'k', store: 'mysql://db/x' })).rejects.toThrow(/store must be/)
    await expect(startLoopbackReceiver({ writeKey: 'k', store: 'sqlite:/no/such/folder/q.db' })).rejects.toThrow(
      /The SQLite store \/no\/such\/folder\/q\.db cannot be opened/,
    )
  })
})

describe('createWebhookHandler behind a body parser (the contract Express parsers produce)', () => {
  async function serveBehind(
    parser: (request: IncomingMessage) => Promise<void>,
  ): Promise<{ url: string; close(): Promise<void>; logs: ReceiverLogEntry[] }> {
    const parserLogs: ReceiverLogEntry[] = []
    const handler = createWebhookHandler({
      writeKey: loopback.trackingApi.writeKey,
      trackingHost: loopback.trackingApi.url,
      store: await createTestStoreLocation('sqlite'),
      settings: { webhookSecrets: [secret] },
      logger: (entry) => parserLogs.push(entry),
    })
    await handler.ready
    const server = createServer((request, response) => void parser(request).then(() => handler(request, response)))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      logs: parserLogs,
      async close() {
        server.closeAllConnections()
        server.close()
        await handler.close()
      },
    }
  }
  const readAll = async (request: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  it('uses a raw body left as a Buffer on req.body (express.raw)', async () => {
    const behindRaw = await serveBehind(async (request) => {
      Object.assign(request, { body: await readAll(request) })
    })
    const [webhook] = signedWebhooks(1, secret, { prefix: 'express-raw' })
    if (!webhook) throw new Error('no webhook')
    expect((await postWebhook(behindRaw.url, webhook)).status).toBe(200)
    await loopback.trackingApi.waitFor(() => loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`))
    await behindRaw.close()
  })

  it('refuses with 500, and logs why, a body already parsed into an object (express.json)', async () => {
    const behindJson = await serveBehind(async (request) => {
      Object.assign(request, { body: JSON.parse((await readAll(request)).toString('utf8')) as unknown })
    })
    const [webhook] = signedWebhooks(1, secret, { prefix: 'express-json' })
    if (!webhook) throw new Error('no webhook')
    expect((await postWebhook(behindJson.url, webhook)).status).toBe(500)
    expect(behindJson.logs).toContainEqual(
      expect.objectContaining({ event: 'webhook', status: 500, cause: expect.stringMatching(/already consumed/) }),
    )
    await deliveredBarrier('express-json-barrier')
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
    await behindJson.close()
  })
})

describe('graceful shutdown', () => {
  it('answers the webhooks in flight and those still arriving on open connections, delivers what is stored, then closes', async () => {
    const receiver = await startLoopbackReceiver({
      writeKey: loopback.trackingApi.writeKey,
      trackingHost: loopback.trackingApi.url,
      settings: { webhookSecrets: [secret] },
    })
    const webhooks = signedWebhooks(5, secret, { prefix: 'shutdown' })
    // In flight: each body arrives in two halves, the second once the shutdown has begun.
    const releases: (() => void)[] = []
    const inFlight = webhooks.map((webhook) => {
      const bytes = new TextEncoder().encode(webhook.body)
      const half = Math.floor(bytes.length / 2)
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, half))
          releases.push(() => {
            controller.enqueue(bytes.slice(half))
            controller.close()
          })
        },
      })
      return fetch(receiver.url, { method: 'POST', headers: webhook.headers, body, duplex: 'half' })
    })
    await loopback.trackingApi.waitFor(() => receiver.handler.inFlight === webhooks.length)

    const closed = receiver.close()
    const [late] = signedWebhooks(1, secret, { prefix: 'late' })
    if (!late) throw new Error('no webhook')
    const lateAnswer = await postWebhook(receiver.url, late).catch(() => ({ status: 0 }))
    // Stored and answered while the server drains, or no connection at all once it stopped listening.
    expect([0, 200]).toContain(lateAnswer.status)
    for (const release of releases) release()
    expect((await Promise.all(inFlight)).map((answer) => answer.status)).toEqual(webhooks.map(() => 200))
    await closed
    expect(receiver.handler.inFlight).toBe(0)
    // Delivered before the close resolved (it goes on delivering for up to its timeout).
    const stored = lateAnswer.status === 200 ? [...webhooks, late] : webhooks
    for (const messageId of stored.flatMap((webhook) => webhook.expectedMessageIds))
      expect(loopback.trackingApi.events.has(messageId)).toBe(true)
  })
})
