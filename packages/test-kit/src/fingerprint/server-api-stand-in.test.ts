// Fingerprint's Server API stand-in on a path of a server it shares (as the demo serves it under
// /fp), reached through the routed fetch a function's runtime is given, and from a child process
// through the preload. On a port of its own, both packages' tests use it (search, modes, latency).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveOnLoopback, type LoopbackServer } from '../http/loopback-server'
import rebuildStaleBundle from '../segment-functions/rebuild-stale-bundle'
import { isFingerprintApiHost, routeFingerprintApi } from './fingerprint-api-routing.mjs'
import { serverApiPreloadPath } from './server-api-preload-path'
import { createServerApiStandIn, startServerApiStandIn, type MountableServerApiStandIn } from './server-api-stand-in'

const event = { event_id: '1708102555327.NLOjmg', timestamp: Date.now(), identification: { visitor_id: 'v1' } }
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })

let server: LoopbackServer
let standIn: MountableServerApiStandIn
let runtimeFetch: typeof fetch

beforeAll(async () => {
  standIn = createServerApiStandIn({ secretKey: 'demo-key', basePath: '/fp' })
  standIn.store(event)
  server = await serveOnLoopback(
    async (request, response) => {
      if (await standIn.handle(request, response)) return true
      response.writeHead(418).end('the shared server')
      return true
    },
    (response) => response.writeHead(500).end(),
  )
  runtimeFetch = routeFingerprintApi(() => `${server.origin}/fp`)
})
afterAll(() => server.close())

describe('mounted under a base path of another server', () => {
  it("answers Fingerprint's hosts through the routed fetch, recording the host asked for", async () => {
    const response = await runtimeFetch(`https://eu.api.fpjs.io/v4/events/${event.event_id}`, {
      headers: bearer('demo-key'),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(event)
    expect(standIn.requests.at(-1)).toEqual({
      host: 'eu.api.fpjs.io',
      path: `/v4/events/${event.event_id}`,
      authorization: 'Bearer demo-key',
    })
  })

  it("answers Fingerprint's errors: 403 for a wrong key, 404 for an unknown event", async () => {
    expect(
      (await runtimeFetch(`https://api.fpjs.io/v4/events/${event.event_id}`, { headers: bearer('nope') })).status,
    ).toBe(403)
    const unknown = await runtimeFetch('https://api.fpjs.io/v4/events/unknown', { headers: bearer('demo-key') })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: { code: 'RequestNotFound', message: 'request id is not found' } })
  })

  it('searches under the base path too', async () => {
    const response = await runtimeFetch(`https://ap.api.fpjs.io/v4/events?limit=5&start=0`, {
      headers: bearer('demo-key'),
    })
    expect(await response.json()).toEqual({ events: [event] })
  })

  it('leaves the paths that are not the API', async () => {
    expect((await fetch(`${server.origin}/fp/identify`, { method: 'POST' })).status).toBe(418)
    // The demo's v4 agent module, where the v4 loader's default endpoint path puts it.
    expect((await fetch(`${server.origin}/fp/v4/demo-public-key?ci=jsl/4.1.5`)).status).toBe(418)
    expect((await fetch(`${server.origin}/v4/events/${event.event_id}`, { headers: bearer('demo-key') })).status).toBe(
      418,
    )
  })

  it('refuses every key when its own is empty', async () => {
    const keyless = createServerApiStandIn({ secretKey: '' })
    keyless.store(event)
    const own = await serveOnLoopback(keyless.handle, (response) => response.writeHead(500).end())
    try {
      const response = await fetch(`${own.origin}/v4/events/${event.event_id}`, {
        headers: { Authorization: 'Bearer ' },
      })
      expect(response.status).toBe(403)
    } finally {
      await own.close()
    }
  })
})

describe('the routed fetch', () => {
  it("routes every region's host and refuses any other host with a rejected promise", async () => {
    expect(['api.fpjs.io', 'eu.api.fpjs.io', 'ap.api.fpjs.io'].map(isFingerprintApiHost)).toEqual([true, true, true])
    expect(isFingerprintApiHost('api.fpjs.io.example')).toBe(false)
    await expect(runtimeFetch('https://api.segment.io/v1/batch')).rejects.toThrow(/not api\.segment\.io/)
  })
})

describe('the preload, for a child process', () => {
  it(
    "sends the child's requests for Fingerprint's hosts to the stand-in on its own port",
    { timeout: 60_000 },
    async () => {
      // The preload is plain Node: it reads Fingerprint's hosts from the source-function package's build.
      rebuildStaleBundle()
      const own = await startServerApiStandIn('child-key')
      own.store(event)
      try {
        const child = spawn(
          process.execPath,
          [
            '--import',
            serverApiPreloadPath,
            '--input-type=module',
            '-e',
            `const r = await fetch('https://eu.api.fpjs.io/v4/events/${event.event_id}', { headers: { Authorization: 'Bearer child-key' } }); console.log(r.status, (await r.json()).event_id)`,
          ],
          { env: { PATH: process.env.PATH ?? '', SERVER_API_STAND_IN: own.origin } },
        )
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
        const [code] = (await once(child, 'exit')) as [number]
        expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: `200 ${event.event_id}` })
        expect(own.requests.at(-1)?.host).toBe('eu.api.fpjs.io')
      } finally {
        await own.close()
      }
    },
  )
})
