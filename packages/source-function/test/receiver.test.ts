/**
 * The self-hosted receiver over real HTTP on loopback, forwarding to a local stand-in for
 * Segment's Tracking API (Segment's cloud cannot be reached from tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fingerprintSignature, signedWebhooks } from '../bench/signed-webhooks'
import { postWebhook } from '../bench/load-driver'
import { startLoopbackReceiver, type LoopbackReceiver } from '../bench/loopback-receiver'
import type { ReceiverLogEntry } from '../src/receiver/receiver-log'
import { startTrackingApiStandIn, type TrackingApiStandIn } from './tracking-api-stand-in'

const secret = 'receiver-test-secret'
let trackingApi: TrackingApiStandIn
let receiver: LoopbackReceiver
const logs: ReceiverLogEntry[] = []

beforeAll(async () => {
  trackingApi = await startTrackingApiStandIn()
  receiver = await startLoopbackReceiver({
    writeKey: trackingApi.writeKey,
    trackingHost: trackingApi.url,
    settings: { webhookSecret: secret },
    logger: (entry) => logs.push(entry),
  })
})

afterAll(async () => {
  await receiver?.close()
  await trackingApi?.close()
})

describe('createWebhookHandler', () => {
  it('answers 200 once the tracking API accepted every call, with its own messageId and timestamp', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'basic' })
    if (!webhook) throw new Error('no webhook')
    const answer = await postWebhook(receiver.url, webhook)
    expect(answer.status).toBe(200)
    // Accepted means recorded by the tracking API before the answer was sent.
    for (const messageId of webhook.expectedMessageIds) expect(trackingApi.events.has(messageId)).toBe(true)
    const identify = trackingApi.events.get(`fp-${webhook.eventId}-identify`)
    expect(identify).toMatchObject({ type: 'identify', userId: 'user-0', anonymousId: `ajs-${webhook.eventId}` })
    const body = JSON.parse(webhook.body) as { timestamp: number }
    expect(new Date(String(identify?.timestamp)).getTime()).toBe(body.timestamp)
    expect(logs).toContainEqual(expect.objectContaining({ event: 'webhook', requestId: webhook.eventId, status: 200, calls: webhook.expectedMessageIds.length }))
  })

  it('answers 401 to a wrong or missing signature and forwards nothing', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'unsigned' })
    if (!webhook) throw new Error('no webhook')
    const wrong = await postWebhook(receiver.url, { ...webhook, headers: { ...webhook.headers, 'FPJS-Event-Signature': fingerprintSignature(webhook.body, 'other') } })
    const missing = await postWebhook(receiver.url, { ...webhook, headers: { 'Content-Type': 'application/json' } })
    expect([wrong.status, missing.status]).toEqual([401, 401])
    expect(trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
  })

  it('answers 400 with the reason to a body that is not a Fingerprint event', async () => {
    const body = JSON.stringify({ hello: 'world' })
    const response = await fetch(receiver.url, { method: 'POST', body, headers: { 'FPJS-Event-Signature': fingerprintSignature(body, secret) } })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/event_id|requestId/)
  })

  it('answers 413 to a body over 512 KiB', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(600 * 1024) })
    const response = await fetch(receiver.url, { method: 'POST', body })
    expect(response.status).toBe(413)
  })

  it('answers 200 without forwarding when the event carries no Segment payload', async () => {
    const [webhook] = signedWebhooks(1, secret, { prefix: 'plain' })
    if (!webhook) throw new Error('no webhook')
    const parsed = JSON.parse(webhook.body) as Record<string, unknown>
    delete parsed.tag
    delete parsed.tags
    const body = JSON.stringify(parsed)
    const response = await fetch(receiver.url, { method: 'POST', body, headers: { 'FPJS-Event-Signature': fingerprintSignature(body, secret) } })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ calls: 0 })
    expect(trackingApi.events.has(`fp-${webhook.eventId}-identify`)).toBe(false)
  })

  it('serves GET /health and refuses other methods with 405', async () => {
    const health = await fetch(new URL('/health', receiver.url))
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const put = await fetch(receiver.url, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('POST')
  })

  it('refuses a setting with a wrong value at creation, naming it', async () => {
    await expect(startLoopbackReceiver({ writeKey: 'k', settings: { replayedEvents: 'ignore' } })).rejects.toThrow(/replayedEvents/)
    await expect(startLoopbackReceiver({ writeKey: ' ' })).rejects.toThrow(/writeKey/)
  })
})
