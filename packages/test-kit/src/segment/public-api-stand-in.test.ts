/**
 * The Public API stand-in enforces the contract it claims (so tests of the client against it can
 * fail): raw requests, written here by hand from Segment's docs, not sent by the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPublicApiStandIn, type PublicApiStandIn, type StandInSetting } from './public-api-stand-in'

let api: PublicApiStandIn
beforeAll(async () => {
  api = await startPublicApiStandIn()
})
afterAll(async () => {
  await api.close()
})

interface Answer {
  status: number
  json: Record<string, unknown>
  headers: Headers
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${api.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/vnd.segment.v1+json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  }
}

const setting = (name: string, extra: Partial<StandInSetting> = {}): StandInSetting => ({
  name,
  label: name,
  description: '',
  type: 'STRING',
  required: false,
  sensitive: false,
  ...extra,
})
const createBody = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'SOURCE',
  displayName: 'Stand-in test',
  code: 'async function onRequest() {}',
  settings: [setting('apiKey', { sensitive: true })],
  ...extra,
})
const firstError = (answer: Answer) => (answer.json.errors as { message: string; field?: string }[])[0]

describe('the Public API stand-in: authentication and media types', () => {
  it('answers 401 without the Bearer token, or with another', async () => {
    expect(
      (await call('GET', '/functions?resourceType=SOURCE&pagination.count=10', undefined, { Authorization: '' }))
        .status,
    ).toBe(401)
    expect(
      (
        await call('GET', '/functions?resourceType=SOURCE&pagination.count=10', undefined, {
          Authorization: 'Bearer nope',
        })
      ).status,
    ).toBe(401)
    expect(
      (await call('GET', '/functions?resourceType=SOURCE&pagination.count=10', undefined, { Authorization: api.token }))
        .status,
    ).toBe(401)
  })

  it('lets a read-only token read but not write (403)', async () => {
    const readOnly = { Authorization: `Bearer ${api.readOnlyToken}` }
    expect((await call('GET', '/functions?resourceType=SOURCE&pagination.count=10', undefined, readOnly)).status).toBe(
      200,
    )
    expect((await call('POST', '/functions', createBody(), readOnly)).status).toBe(403)
  })

  it('refuses a body in another content type (415) and an Accept it cannot produce (406)', async () => {
    expect((await call('POST', '/functions', createBody(), { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect(
      (await call('GET', '/functions?resourceType=SOURCE&pagination.count=1', undefined, { Accept: 'text/html' }))
        .status,
    ).toBe(406)
    expect((await call('POST', '/functions', createBody(), { 'Content-Type': 'application/json' })).status).toBe(200)
  })

  it('answers 404 for an unknown function id or route', async () => {
    expect((await call('GET', '/functions/sfnc_doesNotExist')).status).toBe(404)
    expect((await call('GET', '/nothing-here')).status).toBe(404)
  })
})

describe('the Public API stand-in: bodies checked against the SDK models', () => {
  it.each([
    ['no displayName (required by CreateFunctionV1Input)', createBody({ displayName: undefined }), 'displayName'],
    ['an empty code', createBody({ code: '' }), 'code'],
    ['a resourceType outside the enum', createBody({ resourceType: 'INSIGHTS_WHATEVER' }), 'resourceType'],
    ['a field the model does not have', createBody({ buildpack: 'boreal' }), 'buildpack'],
    [
      'a setting without sensitive',
      createBody({ settings: [{ ...setting('a'), sensitive: undefined }] }),
      'settings[0].sensitive',
    ],
    [
      'a setting type outside the enum',
      createBody({ settings: [setting('a', { type: 'NUMBER' })] }),
      'settings[0].type',
    ],
    [
      'a setting of the wrong JSON type',
      createBody({ settings: [{ ...setting('a'), required: 'no' }] }),
      'settings[0].required',
    ],
    ['a setting Name the Settings tab cannot make', createBody({ settings: [setting('Api Key')] }), 'settings[0].name'],
    ['twice the same setting Name', createBody({ settings: [setting('a'), setting('a')] }), 'settings[1].name'],
  ])('answers 422 naming the field for %s', async (_label, body, field) => {
    const answer = await call('POST', '/functions', body)
    expect(answer.status).toBe(422)
    expect(firstError(answer)).toMatchObject({ field, message: expect.stringContaining(field) })
  })

  it('answers 400 for a body that is not JSON', async () => {
    expect((await call('POST', '/functions', '{not json')).status).toBe(400)
  })

  it('accepts every setting type of the enum (ARRAY, BOOLEAN, STRING, TEXT_MAP)', async () => {
    const types = ['ARRAY', 'BOOLEAN', 'STRING', 'TEXT_MAP']
    const answer = await call(
      'POST',
      '/functions',
      createBody({ settings: types.map((type, index) => setting(`s${index}`, { type })) }),
    )
    expect(answer.status).toBe(200)
  })
})

describe('the Public API stand-in: functions, versions, deployments', () => {
  it('creates, updates with a new version per code change, deploys, restores', async () => {
    const created = await call('POST', '/functions', createBody({ displayName: 'Versioned' }))
    const fn = (created.json.data as { function: Record<string, unknown> }).function
    expect(fn).toMatchObject({
      resourceType: 'SOURCE',
      displayName: 'Versioned',
      isLatestVersion: false,
      deployedAt: null,
    })
    expect(fn.id).toBe(`sfnc_${String(fn.catalogId)}`)
    const id = String(fn.id)

    const deployed = await call('POST', `/functions/${id}/deploy`)
    expect(deployed.json).toEqual({ data: { functionDeployment: { status: 'SUCCESS' } } })
    expect(api.functionJson(id)).toMatchObject({ isLatestVersion: true, deployedAt: expect.any(String) })

    expect((await call('PATCH', `/functions/${id}`, { settings: [setting('other')] })).status).toBe(200)
    expect(api.versions(id)).toHaveLength(1)
    expect((await call('PATCH', `/functions/${id}`, { code: 'async function onRequest() { /* 2 */ }' })).status).toBe(
      200,
    )
    expect(api.versions(id).map((version) => version.deployed)).toEqual([true, false])
    expect(api.functionJson(id)).toMatchObject({ isLatestVersion: false, settings: [setting('other')] })

    const versions = await call('GET', `/functions/${id}/versions?pagination.count=1`, undefined, {
      Accept: 'application/vnd.segment.v1alpha+json',
    })
    expect(versions.json.data).toMatchObject({
      versions: [{ code: 'async function onRequest() { /* 2 */ }', isDeployed: false }],
      pagination: { totalEntries: 2, next: expect.any(String) },
    })

    const firstVersion = api.versions(id)[0]?.id
    // An alpha endpoint: it takes the alpha media type or plain JSON, not v1's.
    expect((await call('POST', `/functions/${id}/versions`, { versionId: firstVersion })).status).toBe(415)
    const alpha = { 'Content-Type': 'application/vnd.segment.v1alpha+json' }
    expect((await call('POST', `/functions/${id}/versions`, { versionId: firstVersion }, alpha)).status).toBe(200)
    expect(api.functionJson(id)).toMatchObject({ code: createBody().code, isLatestVersion: false })
    expect(api.versions(id)).toHaveLength(3)
    expect((await call('POST', `/functions/${id}/versions`, {}, alpha)).status).toBe(422)
  })

  it('deploys the latest version to every connected source, which gets only the declared settings', async () => {
    const id = api.seedFunction({ displayName: 'Connected', code: 'v1', settings: [setting('apiKey')] })
    const source = api.connectSource(id, { apiKey: 'k' })
    expect(source).toMatchObject({ code: 'v1', settings: { apiKey: 'k' } })
    expect(source.webhookUrl).toMatch(/^https:\/\/fn\.segmentapis\.com\/\?b=[\w-]+$/)
    expect(() => api.connectSource(id, { undeclared: 'x' })).toThrow(/declares no setting undeclared/)
    await call('PATCH', `/functions/${id}`, { code: 'v2', settings: [setting('renamedKey')] })
    expect(api.source(source.id)).toMatchObject({ code: 'v1', settings: {} })
    await call('POST', `/functions/${id}/deploy`)
    expect(api.source(source.id).code).toBe('v2')
  })

  it('deploys Source Functions only', async () => {
    const id = api.seedFunction({ displayName: 'Destination', code: 'x', settings: [], resourceType: 'DESTINATION' })
    expect((await call('POST', `/functions/${id}/deploy`)).status).toBe(422)
  })
})

describe('the Public API stand-in: lists and faults', () => {
  it('needs pagination.count and resourceType, and pages with opaque cursors', async () => {
    expect((await call('GET', '/functions?resourceType=SOURCE')).status).toBe(422)
    expect((await call('GET', '/functions?pagination.count=5')).status).toBe(422)
    expect((await call('GET', '/functions?resourceType=SOURCE&pagination.count=0')).status).toBe(422)
    expect((await call('GET', '/functions?resourceType=SOURCE&pagination.count=1&pagination.cursor=bad')).status).toBe(
      422,
    )
    const names: string[] = []
    let cursor: string | undefined
    do {
      const query = `resourceType=SOURCE&pagination.count=2${cursor === undefined ? '' : `&pagination.cursor=${encodeURIComponent(cursor)}`}`
      const { json } = await call('GET', `/functions?${query}`)
      const data = json.data as { functions: { displayName: string; code?: unknown }[]; pagination: { next?: string } }
      expect(data.functions.length).toBeLessThanOrEqual(2)
      for (const fn of data.functions) expect(fn).not.toHaveProperty('code')
      names.push(...data.functions.map((fn) => fn.displayName))
      cursor = data.pagination.next
    } while (cursor !== undefined)
    const sources = api.functionIds().filter((id) => api.functionJson(id).resourceType === 'SOURCE')
    expect(names).toHaveLength(sources.length)
  })

  it('answers an injected 429 as Segment documents it, then serves again', async () => {
    api.failNext('GET', '/functions', 429, 1, { msBeforeNext: 1500 })
    const limited = await call('GET', '/functions?resourceType=SOURCE&pagination.count=1')
    expect(limited.status).toBe(429)
    expect(limited.json).toEqual({
      errors: [
        {
          type: 'RequestError',
          message: 'Too many requests',
          data: { remainingPoints: 0, msBeforeNext: 1500, consumedPoints: 21 },
        },
      ],
    })
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/GMT$/)
    expect((await call('GET', '/functions?resourceType=SOURCE&pagination.count=1')).status).toBe(200)
  })

  it('drops a connection when told, and records every request', async () => {
    const before = api.requests.length
    api.failNext('GET', /^\/functions\/[^/]+$/, 'reset')
    await expect(call('GET', '/functions/sfnc_x')).rejects.toThrow()
    expect(api.requests.length).toBe(before + 1)
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/functions/sfnc_x', status: undefined })
  })
})
