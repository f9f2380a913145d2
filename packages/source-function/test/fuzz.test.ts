/**
 * Property-based tests over generated v3/v4 webhooks and Segment payloads, well-formed to hostile
 * (see fuzz-arbitraries.ts), through the BUILT bundle in the Segment-like sandbox and through
 * `processWebhook` in this realm (where prototype pollution is observable). fast-check prints the
 * seed and the shrunk counterexample of any failure; rerun with `seed` to reproduce it.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { isSegmentError } from '../src/segment/errors'
import { processWebhook } from './process-webhook'
import { verifyIdentityProof } from '../src/security/identity-proof'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import { fuzzIdentitySecret, fuzzSettings, identityProofIn, webhookBody } from './fuzz-arbitraries'
import { loadAuthenticatedFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'

/** Cases per property; 2 x 4,000 here plus test/fuzz-signatures.test.ts make over 10,000 a run. */
const runsPerProperty = 4_000
/** Generous: each property runs in a few seconds on 2 cores; the default 5 s would make them flaky under load. */
const fuzzTimeout = 60_000

let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadAuthenticatedFunction()
})

/** With `identitySecret`, every userId that goes out must come with a valid proof for it. */
function assertUserIdProven(call: { payload: object }, body: unknown, settings: Record<string, unknown>): void {
  const userId = (call.payload as { userId?: unknown }).userId
  if (settings.identitySecret === undefined || userId === undefined) return
  const proof = identityProofIn(body)
  const check =
    typeof proof === 'string' && typeof userId === 'string'
      ? verifyIdentityProof(proof, userId, [fuzzIdentitySecret], Date.now())
      : undefined
  if (!check?.verified)
    throw new Error(`userId ${JSON.stringify(userId)} went out without a valid proof (${JSON.stringify(proof)})`)
}

function assertNoProofLeaks(call: { payload: object }, body: unknown): void {
  const proof = identityProofIn(body)
  if (typeof proof === 'string' && proof.startsWith('fpid1.') && JSON.stringify(call.payload).includes(proof)) {
    throw new Error('the identity proof was copied into a Segment call')
  }
}

const prototypeKeys = (): string =>
  [Object.prototype, Array.prototype, Function.prototype].map((proto) => Reflect.ownKeys(proto).length).join(',')

describe('fuzz: the built bundle in the sandbox', () => {
  it(
    `never crashes, never emits an undeliverable call or an unproven userId (${runsPerProperty} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(webhookBody, fuzzSettings, async (body, settings) => {
          const result = await sandbox.run({ body: JSON.stringify(body) }, settings)
          if (result.error) {
            expect(result.error.isRuntimeClass, `${result.error.name}: ${result.error.message}`).toBe(true)
            expect(['ValidationError', 'InvalidEventPayload']).toContain(result.error.name)
            expect(result.calls).toEqual([])
          }
          const messageIds = new Set<unknown>()
          for (const call of result.calls) {
            assertDeliverableCall(call)
            assertUserIdProven(call, body, settings)
            assertNoProofLeaks(call, body)
            messageIds.add(call.payload.messageId)
          }
          expect(messageIds.size).toBe(result.calls.length)
        }),
        { numRuns: runsPerProperty },
      )
    },
    fuzzTimeout,
  )
})

describe('fuzz: processWebhook in this realm', () => {
  it(
    `throws only this package's error classes, never pollutes prototypes, never mutates the body (${runsPerProperty} cases)`,
    async () => {
      const keysBefore = prototypeKeys()
      await fc.assert(
        fc.asyncProperty(webhookBody, fuzzSettings, async (body, settings) => {
          const text = JSON.stringify(body)
          const parsed: unknown = JSON.parse(text)
          try {
            const result = await processWebhook({ json: () => parsed, text: () => text }, settings)
            for (const call of result.calls) {
              assertDeliverableCall(call)
              assertUserIdProven(call, body, settings)
              expect(Object.getPrototypeOf(call.payload)).toBe(Object.prototype)
            }
          } catch (error) {
            // The pipeline passes a bug through as it is: only this package's classes may arrive here.
            if (!isSegmentError(error)) throw error
          }
          if (({} as Record<string, unknown>).polluted !== undefined)
            throw new Error('Object.prototype.polluted is set')
          if (prototypeKeys() !== keysBefore)
            throw new Error(`a prototype gained keys: ${prototypeKeys()} (before: ${keysBefore})`)
          // The body handed to the mapping is not mutated (a JSON round trip of it is stable).
          if (JSON.stringify(parsed) !== text) throw new Error('the body was mutated')
        }),
        { numRuns: runsPerProperty },
      )
    },
    fuzzTimeout,
  )
})
