import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startPublicApiStandIn, type PublicApiStandIn } from '@fingerprint-segment/test-kit'
import { createPublicApiClient, type PublicApiClientOptions } from './public-api-client'
import { PublicApiFailure } from './public-api-failure'
import type { CreateFunctionBody } from './public-api-types'

let api: PublicApiStandIn
beforeAll(async () => {
  api = await startPublicApiStandIn()
})
afterAll(async () => {
  await api.close()
})

let waits: number[]
beforeEach(() => {
  waits = []
})

/** A client of the stand-in whose waits are recorded, never slept. */
function client(extra: Partial<PublicApiClientOptions> = {}) {
  return createPublicApiClient({
    baseUrl: api.url,
    token: api.token,
    sleep: (ms) => {
      waits.push(ms)
      return Promise.resolve()
    },
    ...extra,
  })
}

let sequence = 0
const body = (extra: Partial<CreateFunctionBody> = {}): CreateFunctionBody => ({
  resourceType: 'SOURCE',
  displayName: `Client test ${sequence++}`,
  description: 'a test function',
  code: 'async function onRequest() {}',
  settings: [
    { name: 'apiKey', label: 'Api Key', description: 'a key', type: 'STRING', required: false, sensitive: true },
  ],
  ...extra,
})

/** The failure a call ends in. */
async function failure(promise: Promise<unknown>): Promise<PublicApiFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof PublicApiFailure)) throw new Error(`expected a PublicApiFailure, got ${String(error)}`)
  return error
}

describe('the Public API client against the stand-in', () => {
  it('creates, reads, updates and deploys a function, sending the Bearer token and JSON', async () => {
    const created = await client().createFunction(body({ displayName: 'Round trip' }))
    expect(created).toMatchObject({
      displayName: 'Round trip',
      code: 'async function onRequest() {}',
      isLatestVersion: false,
    })
    expect(created.settings).toEqual(body().settings)
    const updated = await client().updateFunction(created.id, { code: 'async function onRequest() { /* 2 */ }' })
    expect(updated.code).toContain('/* 2 */')
    await client().deployFunction(created.id)
    expect(await client().getFunction(created.id)).toMatchObject({
      isLatestVersion: true,
      deployedAt: expect.any(String),
    })
    const patch = api.requests.find((request) => request.method === 'PATCH')
    expect(patch).toMatchObject({
      authorization: `Bearer ${api.token}`,
      contentType: 'application/json',
      accept: 'application/json',
      status: 200,
    })
  })

  it('follows every page of the list', async () => {
    for (let index = 0; index < 5; index++) api.seedFunction({ displayName: `Paged ${index}`, code: 'x', settings: [] })
    api.seedFunction({ displayName: 'Paged destination', code: 'x', settings: [], resourceType: 'DESTINATION' })
    const before = api.requests.length
    const listed = await client({ pageSize: 2 }).listSourceFunctions()
    const sources = api.functionIds().filter((id) => api.functionJson(id).resourceType === 'SOURCE')
    expect(listed.map((fn) => fn.id)).toEqual(sources)
    expect(listed.map((fn) => fn.displayName)).toContain('Paged 4')
    const pages = api.requests.slice(before)
    expect(pages).toHaveLength(Math.ceil(sources.length / 2))
    expect(pages[1]?.query).toMatchObject({
      resourceType: 'SOURCE',
      'pagination.count': '2',
      'pagination.cursor': expect.any(String),
    })
  })

  it('refuses a wrong token (401), saying where tokens are made and never showing it', async () => {
    const error = await failure(client({ token: 'wrong-token-value' }).listSourceFunctions())
    expect(error.status).toBe(401)
    expect(error.message).toMatch(/Segment did not accept the token \(401 for GET \/functions\)/)
    expect(error.message).toMatch(/SEGMENT_PUBLIC_API_TOKEN .* Access Management > Tokens/)
    expect(error.message).toMatch(/--workspace-region eu/)
    expect(error.message).not.toContain('wrong-token-value')
    expect(waits).toEqual([])
  })

  it('refuses a token without the permission (403), naming the access it needs', async () => {
    const error = await failure(client({ token: api.readOnlyToken }).createFunction(body()))
    expect(error.status).toBe(403)
    expect(error.message).toMatch(
      /Workspace Owner access, or Workspace Member access with the Functions Admin role .* Source Admin/,
    )
    expect(error.message).not.toContain(api.readOnlyToken)
  })

  it('says what a 404 means for a function', async () => {
    const error = await failure(client().getFunction('sfnc_gone'))
    expect(error.status).toBe(404)
    expect(error.message).toMatch(
      /404 \(not found\) for GET \/functions\/sfnc_gone\. Segment says: Function sfnc_gone not found\. The function sfnc_gone is not in this workspace/,
    )
  })

  it("shows Segment's validation message for a 422, with the field", async () => {
    const error = await failure(client().createFunction(body({ displayName: '' })))
    expect(error.status).toBe(422)
    expect(error.message).toBe(
      'Segment refused POST /functions as invalid (422). Segment says: displayName: displayName must not be empty.',
    )
    expect(waits).toEqual([])
  })

  it('waits as long as a 429 asks (msBeforeNext), then succeeds', async () => {
    api.failNext('GET', '/functions', 429, 2, { msBeforeNext: 2500 })
    const notices: unknown[] = []
    await client({ onRetry: (notice) => notices.push(notice) }).listSourceFunctions()
    expect(waits).toEqual([2500, 2500])
    expect(notices).toEqual([
      { method: 'GET', path: '/functions', status: 429, waitMs: 2500, nextAttempt: 2 },
      { method: 'GET', path: '/functions', status: 429, waitMs: 2500, nextAttempt: 3 },
    ])
  })

  it('honours Retry-After over the body, and retries a creation after a 429 (it was not handled)', async () => {
    api.failNext('POST', '/functions', 429, 1, { retryAfterSeconds: 3, msBeforeNext: 9000 })
    const created = await client().createFunction(body())
    expect(waits).toEqual([3000])
    expect(api.functionJson(created.id).displayName).toBe(created.displayName)
  })

  it('reads the X-RateLimit-Reset date when a 429 says nothing else', async () => {
    // A negative msBeforeNext is not read; the stand-in dates the reset at that moment (whole seconds).
    api.failNext('GET', '/functions', 429, 1, { msBeforeNext: -1 })
    const halfAMinuteAgo = Date.now() - 30_000
    await client({ now: () => halfAMinuteAgo }).listSourceFunctions()
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThan(28_000)
    expect(waits[0]).toBeLessThanOrEqual(30_000)
  })

  it('gives up when Segment asks for a wait longer than a minute', async () => {
    api.failNext('GET', '/functions', 429, 1, { msBeforeNext: 3_600_000 })
    const error = await failure(client().listSourceFunctions())
    expect(error.message).toMatch(/Segment rate-limited GET \/functions \(429\) \(Segment asks to wait 3600 s/)
    expect(waits).toEqual([])
  })

  it('retries a 5xx with backoff, then succeeds', async () => {
    const created = await client().createFunction(body())
    api.failNext('PATCH', `/functions/${created.id}`, 503, 2)
    await client().updateFunction(created.id, { description: 'after two 503s' })
    expect(waits).toEqual([1000, 2000])
    expect(api.functionJson(created.id).description).toBe('after two 503s')
  })

  it('gives up after 5 attempts of 5xx, saying so', async () => {
    const created = await client().createFunction(body())
    api.failNext('POST', `/functions/${created.id}/deploy`, 500, 10)
    const error = await failure(client().deployFunction(created.id))
    expect(error.message).toBe(
      `Segment answered 500 for POST /functions/${created.id}/deploy (gave up after 5 attempts). Segment says: Internal Server Error.`,
    )
    expect(waits).toEqual([1000, 2000, 4000, 8000])
  })

  it('never sends a creation twice after a 5xx or a dropped connection', async () => {
    api.failNext('POST', '/functions', 502)
    const before = api.writes().length
    const error = await failure(client().createFunction(body()))
    expect(error.status).toBe(502)
    expect(error.message).toMatch(/not retried: Segment may have handled it/)
    api.failNext('POST', '/functions', 'reset')
    const dropped = await failure(client().createFunction(body()))
    expect(dropped.status).toBeUndefined()
    expect(dropped.message).toMatch(/could not be reached for POST \/functions/)
    expect(api.writes().length).toBe(before + 2)
  })

  it('retries a read after a dropped connection', async () => {
    api.failNext('GET', '/functions', 'reset')
    await client().listSourceFunctions()
    expect(waits).toEqual([1000])
  })

  it('says so when no server answers at all', async () => {
    const closed = await startPublicApiStandIn()
    const url = closed.url
    await closed.close()
    const error = await failure(
      client({
        baseUrl: url,
        retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRequestedWaitMs: 1 },
      }).listSourceFunctions(),
    )
    expect(error.message).toMatch(
      new RegExp(
        `The Public API at ${url} could not be reached for GET /functions \\(.*ECONNREFUSED; gave up after 2 attempts\\)`,
      ),
    )
  })
})
