// The Tracking API stand-in on a path of a server it shares (as the demo serves it), taking what
// Analytics.js sends from a browser as the real API does; on a port of its own, the receiver's tests
// use it (packages/receiver), so its batch endpoint is covered there.
import type { IncomingMessage } from 'node:http'
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serveOnLoopback, type LoopbackServer } from '../http/loopback-server'
import type { StandInHandler } from '../http/stand-in-handler'
import {
  createTrackingApiStandIn,
  startTrackingApiStandIn,
  type MountableTrackingApiStandIn,
} from './tracking-api-stand-in'
import type { RecordedEvent } from './tracking-api-rules'

const pageOrigin = 'http://shop.example'
const basicAuth = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`

let server: LoopbackServer
let standIn: MountableTrackingApiStandIn
let seen: { events: readonly RecordedEvent[]; path: string | undefined }[] = []

/** The server's other route, to show the stand-in leaves what is not its own. */
const otherRoute: StandInHandler = (_request, response) => {
  response.writeHead(418).end('the shared server')
  return Promise.resolve(true)
}

beforeAll(async () => {
  standIn = createTrackingApiStandIn({
    basePath: '/segment',
    isSourceWriteKey: (writeKey) => writeKey.startsWith('source-'),
    onEvents: (events, request: IncomingMessage) => seen.push({ events, path: request.url }),
  })
  server = await serveOnLoopback(
    async (request, response) => (await standIn.handle(request, response)) || otherRoute(request, response),
    (response) => response.writeHead(500).end(),
  )
})
afterAll(() => server.close())
beforeEach(() => {
  seen = []
})

/** A request as Analytics.js makes it: text/plain JSON, the write key in Basic auth and in the body. */
function analyticsJsPost(path: string, body: object, writeKey = 'source-browser'): Promise<Response> {
  return fetch(`${server.origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Authorization: basicAuth(writeKey), Origin: pageOrigin },
    body: JSON.stringify({ ...body, writeKey }),
  })
}

describe('mounted under a base path of another server', () => {
  it('takes its own paths and leaves every other one to the server', async () => {
    expect((await fetch(`${server.origin}/segment/v1/t`, { method: 'GET' })).status).toBe(404)
    expect((await fetch(`${server.origin}/v1/batch`, { method: 'POST', body: '{}' })).status).toBe(418)
    expect((await fetch(`${server.origin}/segment/other`)).status).toBe(418)
  })

  it('answers the CORS preflight a browser sends before a cross-origin POST with Authorization', async () => {
    const response = await fetch(`${server.origin}/segment/v1/t`, {
      method: 'OPTIONS',
      headers: {
        Origin: pageOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin)
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/)
  })

  it("takes Analytics.js' one-event endpoints, typing the event by its endpoint, and hands every event to onEvents", async () => {
    const response = await analyticsJsPost('/segment/v1/p', {
      messageId: 'ajs-page-1',
      anonymousId: 'anon-1',
      name: 'Home',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin)
    expect(await response.json()).toEqual({ success: true })
    expect(standIn.events.get('ajs-page-1')).toMatchObject({ type: 'page', name: 'Home', anonymousId: 'anon-1' })
    // A retry of the same event: deduplicated in `events`, seen again by onEvents.
    await analyticsJsPost('/segment/v1/p', { messageId: 'ajs-page-1', anonymousId: 'anon-1', name: 'Home' })
    expect(seen.map(({ events, path }) => [events.map((event) => event.messageId), path])).toEqual([
      [['ajs-page-1'], '/segment/v1/p'],
      [['ajs-page-1'], '/segment/v1/p'],
    ])
  })

  it("takes Analytics.js' batches (/v1/b) and analytics-node's (/v1/batch)", async () => {
    const batch = (id: string) => ({
      batch: [
        { type: 'track', event: 'Signed Up', messageId: `${id}-1`, userId: 'u1' },
        { type: 'identify', messageId: `${id}-2`, anonymousId: 'a1' },
      ],
      sentAt: new Date().toISOString(),
    })
    expect((await analyticsJsPost('/segment/v1/b', batch('b'))).status).toBe(200)
    const node = await fetch(`${server.origin}/segment/v1/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basicAuth('source-server') },
      body: JSON.stringify(batch('node')),
    })
    expect(node.status).toBe(200)
    expect(seen.map(({ events }) => events.length)).toEqual([2, 2])
    expect(standIn.events.get('node-1')).toMatchObject({ type: 'track', event: 'Signed Up' })
  })

  it('reads the write key from the body when no Authorization header is sent, and refuses keys of no source', async () => {
    const bodyOnly = await fetch(`${server.origin}/segment/v1/t`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ event: 'Clicked', messageId: 'body-key', anonymousId: 'a', writeKey: 'source-old-ajs' }),
    })
    expect(bodyOnly.status).toBe(200)
    expect(
      (await analyticsJsPost('/segment/v1/t', { event: 'X', messageId: 'm', anonymousId: 'a' }, 'stranger')).status,
    ).toBe(401)
    const none = await fetch(`${server.origin}/segment/v1/t`, {
      method: 'POST',
      body: JSON.stringify({ event: 'X', messageId: 'no-key', anonymousId: 'a' }),
    })
    expect(none.status).toBe(401)
    expect(standIn.events.has('no-key')).toBe(false)
  })

  it('refuses with 400 an event over 32 KB, an invalid event and a body that is not JSON, with the reason', async () => {
    const before = standIn.rejections.length
    const big = await analyticsJsPost('/segment/v1/t', {
      event: 'Big',
      messageId: 'too-big',
      anonymousId: 'a',
      properties: { blob: 'x'.repeat(segmentLimits.eventBytes) },
    })
    expect(big.status).toBe(400)
    expect(await big.json()).toEqual({
      error: expect.stringMatching(/too-big is \d+ bytes, over the 32000-byte limit/),
    })
    expect((await analyticsJsPost('/segment/v1/t', { messageId: 'no-name', anonymousId: 'a' })).status).toBe(400)
    expect((await analyticsJsPost('/segment/v1/g', { messageId: 'no-group', userId: 'u' })).status).toBe(400)
    expect((await analyticsJsPost('/segment/v1/i', { messageId: 'nobody' })).status).toBe(400)
    const notJson = await fetch(`${server.origin}/segment/v1/t`, {
      method: 'POST',
      headers: { Authorization: basicAuth('source-browser') },
      body: 'not json',
    })
    expect(notJson.status).toBe(400)
    expect(standIn.rejections.slice(before)).toEqual([
      expect.stringMatching(/too-big/),
      'track no-name has no event name',
      'group no-group has no groupId',
      'event nobody has neither userId nor anonymousId',
      'the body is not JSON',
    ])
    expect(seen).toEqual([])
  })

  it('plays its modes on every endpoint, as on its own port', async () => {
    standIn.setMode({ kind: 'rate-limited', retryAfterSeconds: 7 })
    try {
      const response = await analyticsJsPost('/segment/v1/t', { event: 'X', messageId: 'limited', anonymousId: 'a' })
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBe('7')
    } finally {
      standIn.setMode({ kind: 'up' })
    }
  })
})

describe('on a port of its own', () => {
  it('keeps its url with the base path, its one write key, and answers 404 off its paths', async () => {
    const own = await startTrackingApiStandIn({ basePath: '/proxy/', writeKey: 'own-key' })
    try {
      expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/proxy$/)
      const post = (writeKey: string) =>
        fetch(`${own.url}/v1/batch`, {
          method: 'POST',
          headers: { Authorization: basicAuth(writeKey) },
          body: JSON.stringify({
            batch: [{ type: 'track', event: 'E', messageId: `${writeKey}-1`, userId: 'u' }],
            sentAt: new Date().toISOString(),
          }),
        })
      expect((await post('own-key')).status).toBe(200)
      expect((await post('source-browser')).status).toBe(401)
      expect((await fetch(`${own.url}/elsewhere`)).status).toBe(404)
      expect(own.acceptedBatches).toBe(1)
      expect(own.refusedBatches).toBe(1)
    } finally {
      await own.close()
    }
  })
})
