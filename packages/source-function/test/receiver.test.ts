/**
 * The self-hosted receiver over real HTTP on loopback, forwarding to a local stand-in for
 * Segment's Tracking API (Segment's cloud cannot be reached from tests).
 */
import type { PipelineSettings } from '../src/pipeline/pipeline-settings'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { signedWebhooks } from '../bench/signed-webhooks'
import { signWebhookBody } from '../src/security/webhook-signature'
import { postWebhook } from '../bench/load-driver'
import { createWebhookHandler } from '../src/receiver/create-webhook-handler'
import { useReceiverOnLoopback } from './receiver-on-loopback'
import { startLoopbackReceiver } from '../bench/loopback-receiver'
import type { ReceiverLogEntry } from '../src/receiver/receiver-log'

const secret = 'receiver-test-secret'
const loopback = useReceiverOnLoopback(secret)

describe('createWebhookHandler', () => {
  it('answers 200 once the tracking API accepted every call, with its own messageId and timestamp', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'basic' })
    if (!webhook) throw new Error('no webhook')
    const answer = await postWebhook(loopback.receiver.url, webhook)
    expect(answer.status).toBe(200)
    // Accepted means recorded by the tracking API before the answer was sent.
    for (const messageId of webhook.expectedMessageIds) expect(loopback.trackingApi.events.has(messageId)).toBe(true)
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

  it('answers 200 to every copy of a webhook delivered several times at once; the tracking API keeps one of each call', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'overlap' })
    if (!webhook) throw new Error('no webhook')
    const before = loopback.trackingApi.receivedEvents
    const answers = await Promise.all(Array.from({ length: 5 }, () => postWebhook(loopback.receiver.url, webhook)))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
    // A copy may be answered as soon as another copy's calls were accepted (same messageIds);
    // its own calls still arrive, and are deduplicated.
    await loopback.trackingApi.waitFor(
      () => loopback.trackingApi.receivedEvents - before === 5 * webhook.expectedMessageIds.length,
    )
    expect([...loopback.trackingApi.events.keys()].filter((id) => id.includes(webhook.eventId)).sort()).toEqual(
      [...webhook.expectedMessageIds].sort(),
    )
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
      for (const messageId of base.expectedMessageIds) expect(loopback.trackingApi.events.has(messageId)).toBe(true)
    } finally {
      await receiver.close()
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

  it('answers 408 to a body that stalls past deliveryTimeoutMs, and a shutdown does not wait for it', async () => {
    const stalledLogs: ReceiverLogEntry[] = []
    const handler = createWebhookHandler({
      writeKey: 'k',
      trackingHost: loopback.trackingApi.url,
      deliveryTimeoutMs: 200,
      logger: (entry) => stalledLogs.push(entry),
    })
    const server = createServer(handler).listen(0, '127.0.0.1')
    await once(server, 'listening')
    // A client that sends half a body and then nothing (the stream never ends).
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event_id":'))
      },
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const response = await fetch(url, { method: 'POST', body, duplex: 'half' })
    expect(response.status).toBe(408)
    expect(response.headers.get('connection')).toBe('close')
    expect(handler.inFlight).toBe(0)
    expect(stalledLogs).toContainEqual(
      expect.objectContaining({
        event: 'webhook',
        status: 408,
        message: expect.stringMatching(/did not arrive within/),
      }),
    )
    await handler.close()
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
    expect(await response.json()).toMatchObject({ calls: 0 })
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
  })

  it('serves GET /health and refuses other methods with 405', async () => {
    const health = await fetch(new URL('/health', loopback.receiver.url))
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
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
      settings: { webhookSecrets: [secret] },
      logger: (entry) => parserLogs.push(entry),
    })
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
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(true)
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
    expect(loopback.trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
    await behindJson.close()
  })
})
