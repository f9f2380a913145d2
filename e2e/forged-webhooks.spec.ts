/**
 * The demo's Source Function host (the BUILT bundle in the sandbox's deployed mode, its Server API
 * stand-in, the settings the demo starts with) emits no call for a forged webhook: the pipeline's
 * invariant as a property over bodies an attacker can send (the generators of the server
 * package's own property tests). The stand-in knows only the events it identified, and none of
 * these bodies name one.
 */
import fc from 'fast-check'
import { forgedWebhookBody } from '@fingerprint-segment/test-kit'
import { expect, test } from './demo-fixtures'

test('no forged webhook makes the demo function emit a call (property, 300 bodies)', async ({ request, demo }) => {
  test.setTimeout(60_000)
  const statuses = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(forgedWebhookBody, async (body) => {
      const response = await request.post('/function/webhook?b=ZGVtby1zb3VyY2U', {
        data: body,
        headers: { 'Content-Type': 'application/json' },
      })
      statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1)
      const answer = (await response.json()) as { calls?: number }
      expect(answer.calls ?? 0).toBe(0)
    }),
    { numRuns: 300 },
  )
  // Refused with the function's own error classes (400), or answered quietly (nothing to emit): never a crash.
  expect([...statuses.keys()].filter((status) => status !== 200 && status !== 400)).toEqual([])
  expect(statuses.get(400)).toBeGreaterThan(0)
  const forgedRuns = (await demo.functionRuns()).filter((run) => run.calls.length > 0 && run.deliveryId === undefined)
  expect(forgedRuns).toEqual([])
})
