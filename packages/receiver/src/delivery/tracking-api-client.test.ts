/** The batch request against the tracking-API stand-in on loopback (Segment's cloud cannot be reached here). */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import { batchBody } from './segment-batch'
import { createTrackingApiClient } from './tracking-api-client'

let api: TrackingApiStandIn
beforeAll(async () => {
  api = await startTrackingApiStandIn({ basePath: '/segment' })
})
afterAll(() => api.close())

const identify = (id: string): { json: string } => ({
  json: JSON.stringify({ type: 'identify', messageId: `fp-${id}-identify`, anonymousId: 'a' }),
})

function client(writeKey = api.writeKey, timeoutMs = 2000) {
  return createTrackingApiClient({ url: trackingEndpoint(api.url).url, writeKey, timeoutMs })
}

describe('createTrackingApiClient', () => {
  it('posts the batch to <base>/v1/batch, base path kept, with Basic auth: accepted on 2xx', async () => {
    api.setMode({ kind: 'up' })
    const answer = await client()(batchBody([identify('c1'), identify('c2')], new Date()))
    expect(answer).toEqual({ kind: 'accepted', status: 200 })
    expect(api.events.has('fp-c1-identify')).toBe(true)
  })

  it.each([301, 302, 303, 307, 308] as const)(
    'counts a %i redirect as not delivered, and never follows it',
    async (status) => {
      api.setMode({ kind: 'redirecting', status })
      const answer = await client()(batchBody([identify(`r${status}`)], new Date()))
      expect(answer).toMatchObject({ kind: 'failed', status, reason: expect.stringMatching(/redirect to \/moved/) })
      expect(api.redirectFollowers).toBe(0)
      expect(api.events.has(`fp-r${status}-identify`)).toBe(false)
    },
  )

  it('reads Retry-After from a 429', async () => {
    api.setMode({ kind: 'rate-limited', retryAfterSeconds: 7 })
    expect(await client()(batchBody([identify('rl')], new Date()))).toMatchObject({
      kind: 'failed',
      status: 429,
      retryAfterMs: 7000,
    })
  })

  it('tells a refused batch (400: a bad call in it) from a failure, with the reason the API gave', async () => {
    api.setMode({ kind: 'up' })
    const bad = { json: JSON.stringify({ type: 'track', messageId: 'fp-bad-track', anonymousId: 'a' }) }
    expect(await client()(batchBody([identify('ok'), bad], new Date()))).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'the tracking API answered 400: {"error":"track fp-bad-track has no event name"}',
    })
    expect(api.events.has('fp-ok-identify')).toBe(false)
  })

  it('fails on a wrong write key, a 500, a reset, and a hang past the time-out', async () => {
    api.setMode({ kind: 'up' })
    expect(await client('wrong')(batchBody([identify('k')], new Date()))).toMatchObject({ kind: 'failed', status: 401 })
    api.setMode({ kind: 'failing' })
    expect(await client()(batchBody([identify('k')], new Date()))).toMatchObject({ kind: 'failed', status: 500 })
    api.setMode({ kind: 'resetting' })
    expect(await client()(batchBody([identify('k')], new Date()))).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/could not be reached/),
    })
    api.setMode({ kind: 'hanging' })
    // The time-out is the test's to fire, once the request hangs at the stand-in: no real wait.
    const timeout = new AbortController()
    const timeoutsAsked: number[] = []
    const hanging = createTrackingApiClient({
      url: trackingEndpoint(api.url).url,
      writeKey: api.writeKey,
      timeoutMs: 300,
      timeoutSignal: (ms) => {
        timeoutsAsked.push(ms)
        return timeout.signal
      },
    })
    const hangingBefore = api.hangingRequests
    const answer = hanging(batchBody([identify('k')], new Date()))
    await api.waitFor(() => api.hangingRequests > hangingBefore)
    timeout.abort(new DOMException('The operation timed out.', 'TimeoutError'))
    expect(await answer).toEqual({ kind: 'failed', reason: 'the tracking API did not answer within 300 ms' })
    expect(timeoutsAsked).toEqual([300])
    expect(api.events.has('fp-k-identify')).toBe(false)
  })

  it('fails when nothing listens', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    server.close()
    await once(server, 'close')
    const closed = createTrackingApiClient({ url: `http://127.0.0.1:${port}/v1/batch`, writeKey: 'k', timeoutMs: 2000 })
    expect(await closed(batchBody([identify('n')], new Date()))).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/ECONNREFUSED/),
    })
  })
})
