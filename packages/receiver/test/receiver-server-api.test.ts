/**
 * The receiver with a signature AND the Server API: the signature proves Fingerprint sent the
 * notification, the Server API lookup gives the event Fingerprint stores (local stand-ins of the
 * Server API and Segment's Tracking API, on loopback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postWebhook } from '@fingerprint-segment/test-kit'
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopback-receiver'
import { signWebhookBody } from '@fingerprint-segment/source-function'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { startServerApiStandIn, type ServerApiStandIn } from '@fingerprint-segment/test-kit'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

const secret = 'receiver-server-api-secret'
let api: ServerApiStandIn
let tracking: TrackingApiStandIn
let receiver: LoopbackReceiver

beforeAll(async () => {
  api = await startServerApiStandIn()
  tracking = await startTrackingApiStandIn()
  receiver = await startLoopbackReceiver({
    writeKey: tracking.writeKey,
    trackingHost: tracking.url,
    settings: { webhookSecrets: [secret], fingerprintServerApiKey: api.secretKey },
    fetch: api.fetch,
  })
})
afterAll(async () => {
  await receiver.close()
  await tracking.close()
  await api.close()
})

function signed(body: Record<string, unknown>) {
  const text = JSON.stringify(body)
  return {
    body: text,
    headers: { 'FPJS-Event-Signature': signWebhookBody(text, secret) },
    eventId: String(body.event_id),
    batch: 'server-api',
    expectedMessageIds: [],
  }
}

describe('receiver: signature, then the Server API', () => {
  it('forwards the calls of the event Fingerprint stores', async () => {
    const event = withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), event_id: `${Date.now()}.recv1`, timestamp: Date.now() },
      { anonymousId: 'ajs-recv', identify: { userId: 'usr_stored' } },
    )
    api.store(event)
    const answer = await postWebhook(receiver.url, signed(event))
    expect(answer.status).toBe(200)
    await tracking.waitFor(() => tracking.events.has(`fp-${String(event.event_id)}-identify`))
    expect(tracking.events.get(`fp-${String(event.event_id)}-identify`)).toMatchObject({ userId: 'usr_stored' })
  })

  it('answers 400 to a signed notification of an event Fingerprint does not have, 503 while the API is down', async () => {
    const unknown = withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), event_id: `${Date.now()}.missing`, timestamp: Date.now() },
      { identify: { userId: 'u' } },
    )
    expect((await postWebhook(receiver.url, signed(unknown))).status).toBe(400)
    api.setMode({ kind: 'status', status: 500 })
    try {
      expect((await postWebhook(receiver.url, signed(unknown))).status).toBe(503)
    } finally {
      api.setMode({ kind: 'up' })
    }
  })
})
