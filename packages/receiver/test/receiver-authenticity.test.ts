/**
 * The receiver emits no call unless the configured authentication ran and succeeded: the
 * pipeline's invariant, as properties over the HTTP interface (`forged-webhook-arbitraries.ts`),
 * with local stand-ins of Fingerprint's Server API (knowing no event) and Segment's Tracking API.
 * Nothing may be stored: a stored call is a call sent.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopback-receiver'
import type { PipelineSettings } from '@fingerprint-segment/source-function'
import { signatureHeaderName, signWebhookBody } from '@fingerprint-segment/source-function'
import { openCallStore } from '../src/store/open-call-store'
import {
  forgedWebhookBody,
  rightWebhookSecret,
  rightWebhookToken,
  wrongSignature,
  wrongTokenQuery,
} from '@fingerprint-segment/test-kit'
import { startServerApiStandIn, type ServerApiStandIn } from '@fingerprint-segment/test-kit'
import { createTestStoreLocation, removeTestStores } from './test-stores'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

let api: ServerApiStandIn
let tracking: TrackingApiStandIn
beforeAll(async () => {
  api = await startServerApiStandIn()
  tracking = await startTrackingApiStandIn()
})
afterAll(async () => {
  await tracking.close()
  await api.close()
  await removeTestStores()
})

/** Runs `numRuns` forged webhooks against a receiver with `settings`; none may be stored or sent. */
async function expectNothingStored(
  settings: Partial<PipelineSettings>,
  webhook: fc.Arbitrary<{ body: string; query?: string; headers?: Record<string, string> }>,
  numRuns = 300,
): Promise<{ runs: number; statuses: Record<number, number> }> {
  const store = await createTestStoreLocation('sqlite')
  const receiver: LoopbackReceiver = await startLoopbackReceiver({
    writeKey: tracking.writeKey,
    trackingHost: tracking.url,
    settings,
    fetch: api.fetch,
    store,
  })
  const statuses: Record<number, number> = {}
  try {
    await fc.assert(
      fc.asyncProperty(webhook, async ({ body, query = '', headers = {} }) => {
        const response = await fetch(`${receiver.url}${query === '' ? '' : `?${query.replace(/^&/, '')}`}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body,
        })
        const answer = (await response.json()) as { status?: string; calls?: number }
        statuses[response.status] = (statuses[response.status] ?? 0) + 1
        expect(answer.status).not.toBe('stored')
        expect(answer.calls ?? 0).toBe(0)
      }),
      { numRuns },
    )
  } finally {
    await receiver.close()
  }
  const opened = await openCallStore(store)
  try {
    expect(await opened.stats()).toMatchObject({ queued: 0, deadLetters: 0 })
  } finally {
    await opened.close()
  }
  expect(tracking.receivedEvents).toBe(0)
  return { runs: numRuns, statuses }
}

describe('the receiver stores no call unless authentication ran and succeeded (property)', () => {
  it('with a Server API key and a Server API that knows no event', async () => {
    const before = api.requests.length
    const { statuses } = await expectNothingStored(
      { fingerprintServerApiKey: api.secretKey },
      forgedWebhookBody.map((body) => ({ body })),
    )
    expect(api.requests.length).toBeGreaterThan(before)
    expect(statuses[200]).toBeGreaterThan(0) // bodies with nothing to emit are still answered quietly
  })

  it('with a webhook token and a wrong, missing or repeated token', async () => {
    const { statuses } = await expectNothingStored(
      { webhookTokens: [rightWebhookToken] },
      fc.tuple(forgedWebhookBody, wrongTokenQuery()).map(([body, query]) => ({ body, query })),
    )
    expect(Object.keys(statuses)).toEqual(['401'])
  })

  it('with a webhook secret and a wrong, missing or foreign signature', async () => {
    const { statuses } = await expectNothingStored(
      { webhookSecrets: [rightWebhookSecret] },
      fc.tuple(forgedWebhookBody, wrongSignature(signWebhookBody)).map(([body, sign]) => {
        const signature = sign(body)
        return { body, headers: signature === undefined ? {} : { [signatureHeaderName]: signature } }
      }),
    )
    expect(Object.keys(statuses)).toEqual(['401'])
  })

  it('with no authentication setting at all (fail closed): 401 for what would emit calls', async () => {
    const { statuses } = await expectNothingStored(
      {},
      forgedWebhookBody.map((body) => ({ body })),
    )
    expect(statuses[401]).toBeGreaterThan(0)
  })
})

describe('the receiver answers an unsigned body 401, with no advice meant for a Source Function', () => {
  let receiver: LoopbackReceiver
  beforeAll(async () => {
    receiver = await startLoopbackReceiver({
      writeKey: tracking.writeKey,
      trackingHost: tracking.url,
      settings: { webhookSecrets: [rightWebhookSecret] },
    })
  })
  afterAll(async () => {
    await receiver.close()
  })

  it.each(['{}', '{"a":1,"b":{"c":2}}', '{"event_id":"1708102555327.NLOjmg","timestamp":1}'])(
    'compact, sorted %s without a signature: 401, and never "clear webhookSecret"',
    async (body) => {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      expect(response.status).toBe(401)
      const { error } = (await response.json()) as { error: string }
      expect(error).toMatch(/FPJS-Event-Signature/)
      expect(error).not.toMatch(/re-serialized|clear webhookSecret/)
    },
  )
})
