/**
 * Authentication that works where the Source Function is deployed (the BUILT bundle in the
 * sandbox's deployed mode, where the body arrives re-serialized with sorted keys):
 * `fingerprintServerApiKey` (the event is fetched from Fingerprint's Server API, here a local
 * stand-in, and that event is mapped) and `webhookToken` (a secret in the webhook URL).
 */
import { describe, expect, it, vi } from 'vitest'
import { useBundleWithServerApi } from './bundle-with-server-api'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { serverApiTimeoutMs } from '../src/fingerprint-api/server-api'
import { segmentLimits } from '../src/segment/limits'

const bundle = useBundleWithServerApi()

let sequence = 0
/** A fresh v4 event as Fingerprint stores it, with the site's Segment payload in its tags. */
function authenticEvent(payload: unknown, signals: Record<string, unknown> = {}): Record<string, unknown> {
  const event = withSegmentPayload(
    {
      ...officialFixture('v4/webhook.json'),
      event_id: `${Date.now()}.auth${sequence++}`,
      timestamp: Date.now(),
      ...signals,
    },
    payload,
  )
  bundle.api.store(event)
  return event
}

const settings = (extra: Record<string, unknown> = {}) => ({ fingerprintServerApiKey: bundle.api.secretKey, ...extra })

describe('fingerprintServerApiKey: the event comes from Fingerprint, not from the webhook body', () => {
  it('maps the authentic event; a forged body claiming another user and clean signals changes nothing', async () => {
    const event = authenticEvent({ anonymousId: 'ajs-real', identify: { userId: 'usr_real' } }, { bot: 'bad' })
    const forged = withSegmentPayload(
      { ...event, bot: 'not_detected', vpn: false },
      { anonymousId: 'ajs-real', identify: { userId: 'usr_admin', traits: { role: 'admin' } } },
    )
    const { calls, error, logs } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, settings())
    expect(error).toBeUndefined()
    const identify = calls.find((call) => call.type === 'identify')
    expect(identify?.payload).toMatchObject({ userId: 'usr_real', anonymousId: 'ajs-real' })
    expect(identify?.payload.traits).not.toHaveProperty('role')
    expect(identify?.payload.context).toMatchObject({ fingerprint: { signals: { bot: 'bad' } } })
    expect(JSON.stringify(calls)).not.toContain('usr_admin')
    expect(logs.join('\n')).toMatch(/verified with Fingerprint's Server API/)
  })

  it("asks the workspace's region with the secret key as a Bearer token", async () => {
    const event = authenticEvent({ identify: { userId: 'u' } })
    await bundle.sandbox.run({ body: JSON.stringify(event) }, settings({ fingerprintRegion: 'eu' }))
    expect(bundle.api.requests.at(-1)).toEqual({
      host: 'eu.api.fpjs.io',
      path: `/v4/events/${String(event.event_id)}`,
      authorization: `Bearer ${bundle.api.secretKey}`,
    })
    await bundle.sandbox.run({ body: JSON.stringify(event) }, settings())
    expect(bundle.api.requests.at(-1)?.host).toBe('api.fpjs.io')
  })

  it('looks a v3 webhook up by its request id and maps the v4 event', async () => {
    const event = authenticEvent({ anonymousId: 'ajs-v3', identify: { userId: 'usr_v3' } })
    const notification = withSegmentPayload(
      { ...officialFixture('v3/webhook.json'), requestId: event.event_id, timestamp: Date.now() },
      { identify: { userId: 'usr_claimed' } },
    )
    const { calls, error } = await bundle.sandbox.run({ body: JSON.stringify(notification) }, settings())
    expect(error).toBeUndefined()
    expect(calls[0]?.payload).toMatchObject({ userId: 'usr_v3', anonymousId: 'ajs-v3' })
    expect(calls[0]?.payload.context).toMatchObject({ fingerprint: { webhookFormat: 'v4' } })
  })

  it('answers a webhook without a Segment payload quietly, without looking anything up (the dashboard test event)', async () => {
    const before = bundle.api.requests.length
    const testEvent = officialFixture('v4/webhook.json')
    const { calls, error, logs } = await bundle.sandbox.run({ body: JSON.stringify(testEvent) }, settings())
    expect(error).toBeUndefined()
    expect(calls).toEqual([])
    expect(logs.join('\n')).toMatch(/no integrations\.segment/)
    expect(bundle.api.requests.length).toBe(before)
  })

  it.each([
    ['an event of another workspace (404)', { kind: 'up' } as const, 'ValidationError', /404/],
    ['a wrong key (403)', { kind: 'status', status: 403 } as const, 'ValidationError', /fingerprintServerApiKey/],
    ['a revoked key (401)', { kind: 'status', status: 401 } as const, 'ValidationError', /fingerprintServerApiKey/],
    ['rate limiting (429)', { kind: 'status', status: 429 } as const, 'RetryError', /429/],
    ['a server error (503)', { kind: 'status', status: 503 } as const, 'RetryError', /503/],
    ['a dropped connection', { kind: 'resetting' } as const, 'RetryError', /could not be reached/],
  ])('%s: %s, nothing emitted', async (_label, mode, name, message) => {
    const forged = withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), event_id: `${Date.now()}.unknown`, timestamp: Date.now() },
      { identify: { userId: 'usr_admin' } },
    )
    bundle.api.setMode(mode)
    const { calls, error } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, settings())
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name, isRuntimeClass: true })
    expect(error?.message).toMatch(message)
  })

  it('gives up on a Server API that does not answer after 3 s with a RetryError, well inside Segment’s 5 s', async () => {
    expect(serverApiTimeoutMs).toBeLessThan(segmentLimits.functionRunMs)
    const event = authenticEvent({ identify: { userId: 'u' } })
    bundle.api.setMode({ kind: 'hanging' })
    const asked = bundle.api.requests.length
    // The function's clock is the test's: the 3 s pass when the test says so, not in real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let settled = false
      const running = bundle.sandbox.run({ body: JSON.stringify(event) }, settings()).finally(() => (settled = true))
      // Until the lookup reaches the stand-in (polled on setImmediate, which the fake clock leaves alone).
      const deadline = Date.now() + 2_000
      while (bundle.api.requests.length === asked && Date.now() < deadline)
        await new Promise((resolve) => setImmediate(resolve))
      expect(bundle.api.requests.length).toBe(asked + 1)
      await vi.advanceTimersByTimeAsync(serverApiTimeoutMs - 1)
      expect(settled).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      const { calls, error } = await running
      expect(calls).toEqual([])
      expect(error).toMatchObject({
        name: 'RetryError',
        message: expect.stringMatching(/did not answer within 3000 ms/),
      })
    } finally {
      vi.useRealTimers()
    }
  })

  it('refuses an event id not shaped like Fingerprint’s before looking it up', async () => {
    const before = bundle.api.requests.length
    const forged = withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), event_id: '../../v4/visitors/x', timestamp: Date.now() },
      { identify: { userId: 'usr_admin' } },
    )
    const { error } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, settings())
    expect(error).toMatchObject({ name: 'InvalidEventPayload' })
    expect(bundle.api.requests.length).toBe(before)
  })
})

describe('webhookToken: a secret in the webhook URL', () => {
  const segmentUrl = 'https://fn.segmentapis.com/?b=c291cmNlLWlk'
  const body = () =>
    JSON.stringify(
      withSegmentPayload(
        { ...officialFixture('v4/webhook.json'), timestamp: Date.now() },
        { identify: { userId: 'u' } },
      ),
    )

  it("accepts the webhook URL carrying the token after Segment's own query string, either token while rotating", async () => {
    const result = await bundle.sandbox.run(
      { body: body(), url: `${segmentUrl}&token=tok-new` },
      { webhookToken: 'tok-old, tok-new' },
    )
    expect(result.error).toBeUndefined()
    expect(result.calls.map((call) => call.type)).toEqual(['identify'])
  })

  it.each([
    ['no token', segmentUrl, /has no token parameter/],
    ['a wrong token', `${segmentUrl}&token=guess`, /matches no configured webhookToken/],
  ])('refuses %s with ValidationError and emits nothing', async (_label, url, message) => {
    const result = await bundle.sandbox.run({ body: body(), url }, { webhookToken: 'tok-new' })
    expect(result.calls).toEqual([])
    expect(result.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(result.error?.message).toMatch(message)
  })
})
