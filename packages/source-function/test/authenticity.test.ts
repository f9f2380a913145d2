/**
 * The invariant of the pipeline, as properties over bodies an attacker can send
 * (`forged-webhook-arbitraries.ts`): no call is emitted unless the configured authentication ran
 * and succeeded. Checked in this realm (the pipeline every host runs) and on the BUILT pasteable
 * bundle in the sandbox's deployed mode; the receiver's and the demo host's runs are in
 * `receiver-authenticity.test.ts` and `e2e/forged-webhooks.spec.ts`.
 *
 * Every property also counts what the same bodies would have done unauthenticated
 * (`acceptUnauthenticatedWebhooks`): a generator that made only bodies that map to nothing would
 * prove nothing, so a minimum share of calling bodies is asserted.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPipeline } from '../src/pipeline/create-pipeline'
import type { FetchLike } from '../src/fingerprint-api/server-api'
import { signatureHeaderName, signWebhookBody } from '../src/security/webhook-signature'
import { loadBuiltFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'
import {
  forgedWebhookBody,
  rightWebhookSecret,
  rightWebhookToken,
  wrongSignature,
  wrongTokenQuery,
} from '@fingerprint-segment/test-kit'
import { startServerApiStandIn, type ServerApiStandIn } from '@fingerprint-segment/test-kit'

const segmentUrl = 'https://fn.segmentapis.com/?b=ZmluZ2VycHJpbnQtc2VnbWVudA'
const signatureHeaders = (value: string | undefined) => ({
  get: (name: string) => (name.toLowerCase() === signatureHeaderName.toLowerCase() ? (value ?? null) : null),
})

/** A Server API that knows no event: 404 for every lookup (counted). */
function emptyServerApi(): { fetch: FetchLike; lookups: number } {
  const api = {
    lookups: 0,
    fetch: (() => {
      api.lookups++
      return Promise.resolve({ status: 404, text: () => Promise.resolve('{"error":{"code":"not_found"}}') })
    }) as FetchLike,
  }
  return api
}

/** The share of bodies that emit calls when nothing authenticates them; the properties need a good share. */
const minimumCallingShare = 0.2

/** Counts, per property, for the closing figures: runs, bodies that would have emitted calls, and calls emitted. */
const figures: Record<string, { runs: number; wouldEmit: number; emitted: number }> = {}
afterAll(() => {
  console.info(`authenticity properties: ${JSON.stringify(figures)}`)
})

describe('the pipeline emits no call unless authentication ran and succeeded (property)', () => {
  const unauthenticated = createPipeline({ acceptUnauthenticatedWebhooks: true })

  async function wouldEmit(rawBody: string): Promise<boolean> {
    return unauthenticated.process({ rawBody }).then(
      (result) => result.calls.length > 0,
      () => false,
    )
  }

  async function checkNoCalls(
    name: string,
    runs: number,
    arbitrary: fc.Arbitrary<{ body: string; process: () => Promise<{ calls: readonly unknown[] }> }>,
  ): Promise<void> {
    const count = { runs: 0, wouldEmit: 0, emitted: 0 }
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ body, process }) => {
        count.runs++
        if (await wouldEmit(body)) count.wouldEmit++
        const calls = await process().then(
          (result) => result.calls.length,
          () => 0,
        )
        count.emitted += calls
        expect(calls).toBe(0)
      }),
      { numRuns: runs },
    )
    figures[name] = count
    expect(count.wouldEmit / count.runs).toBeGreaterThanOrEqual(minimumCallingShare)
  }

  it('with fingerprintServerApiKey and a Server API that knows no event', async () => {
    const api = emptyServerApi()
    const pipeline = createPipeline({ fingerprintServerApiKey: 'secret-key' }, { fetch: api.fetch })
    await checkNoCalls(
      'pipeline, Server API',
      10_000,
      forgedWebhookBody.map((body) => ({ body, process: () => pipeline.process({ rawBody: body }) })),
    )
    expect(api.lookups).toBeGreaterThan(0)
  })

  it('with webhookToken and a wrong, missing or repeated token', async () => {
    const pipeline = createPipeline({ webhookTokens: [rightWebhookToken] })
    await checkNoCalls(
      'pipeline, token',
      10_000,
      fc.tuple(forgedWebhookBody, wrongTokenQuery()).map(([body, query]) => ({
        body,
        process: () => pipeline.process({ rawBody: body, url: `${segmentUrl}${query}` }),
      })),
    )
  })

  it('with webhookSecret and a wrong, missing or foreign signature', async () => {
    const pipeline = createPipeline({ webhookSecrets: [rightWebhookSecret] })
    await checkNoCalls(
      'pipeline, signature',
      10_000,
      fc.tuple(forgedWebhookBody, wrongSignature(signWebhookBody)).map(([body, sign]) => ({
        body,
        process: () => pipeline.process({ rawBody: body, headers: signatureHeaders(sign(body)) }),
      })),
    )
  })

  it('with no authentication setting at all (fail closed)', async () => {
    const pipeline = createPipeline({})
    await checkNoCalls(
      'pipeline, none configured',
      10_000,
      forgedWebhookBody.map((body) => ({ body, process: () => pipeline.process({ rawBody: body }) })),
    )
  })
})

describe('the pasteable bundle, deployed, emits no call unless authentication ran and succeeded (property)', () => {
  let api: ServerApiStandIn
  let sandbox: FunctionSandbox
  beforeAll(async () => {
    api = await startServerApiStandIn()
    sandbox = loadBuiltFunction({ fetch: api.fetch })
  })
  afterAll(async () => {
    await api.close()
  })

  async function checkNoCalls(
    name: string,
    runs: number,
    arbitrary: fc.Arbitrary<{ body: string; url?: string; headers?: Record<string, string>; settings: object }>,
  ): Promise<void> {
    const count = { runs: 0, wouldEmit: 0, emitted: 0 }
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ body, url, headers, settings }) => {
        count.runs++
        const open = await sandbox.run({ body }, { acceptUnauthenticatedWebhooks: true })
        if (open.calls.length > 0) count.wouldEmit++
        const request = { body, ...(url === undefined ? {} : { url }), ...(headers === undefined ? {} : { headers }) }
        const { calls, error } = await sandbox.run(request, settings as Record<string, unknown>)
        count.emitted += calls.length
        expect(calls).toEqual([])
        // Refused with one of the runtime's own classes, never a crash.
        if (error !== undefined) expect(error.isRuntimeClass).toBe(true)
      }),
      { numRuns: runs },
    )
    figures[name] = count
    expect(count.wouldEmit / count.runs).toBeGreaterThanOrEqual(minimumCallingShare)
  }

  it('with fingerprintServerApiKey and a Server API that knows no event', async () => {
    const before = api.requests.length
    await checkNoCalls(
      'bundle, Server API',
      1000,
      forgedWebhookBody.map((body) => ({ body, settings: { fingerprintServerApiKey: api.secretKey } })),
    )
    expect(api.requests.length).toBeGreaterThan(before)
  })

  it('with webhookToken and a wrong, missing or repeated token', async () => {
    await checkNoCalls(
      'bundle, token',
      1000,
      fc.tuple(forgedWebhookBody, wrongTokenQuery()).map(([body, query]) => ({
        body,
        url: `${segmentUrl}${query}`,
        settings: { webhookToken: rightWebhookToken },
      })),
    )
  })

  it('with webhookSecret and a wrong signature, in the Functions tester (the one place Segment hands over the raw body)', async () => {
    const tester = loadBuiltFunction({ mode: 'tester' })
    const count = { runs: 0, emitted: 0 }
    await fc.assert(
      fc.asyncProperty(fc.tuple(forgedWebhookBody, wrongSignature(signWebhookBody)), async ([body, sign]) => {
        count.runs++
        const signature = sign(body)
        const headers = signature === undefined ? {} : { [signatureHeaderName]: signature }
        const { calls } = await tester.run({ body, headers }, { webhookSecret: rightWebhookSecret })
        count.emitted += calls.length
        expect(calls).toEqual([])
      }),
      { numRuns: 1000 },
    )
    figures['bundle (tester), signature'] = { ...count, wouldEmit: Number.NaN }
  })

  it('with no authentication setting at all (fail closed)', async () => {
    await checkNoCalls(
      'bundle, none configured',
      1000,
      forgedWebhookBody.map((body) => ({ body, settings: {} })),
    )
  })
})
