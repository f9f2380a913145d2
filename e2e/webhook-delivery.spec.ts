// Issue 4, scenarios 7, 8 and 9: a webhook with a bad signature, and the same webhook delivered twice.
import { agentVersions, eventually, expect, openDemo, stampedPageEvent, test } from './demo-fixtures'

for (const agent of agentVersions) {
  test.describe(`webhook delivery, ${agent} webhooks`, () => {
    test('a webhook with a bad signature is rejected and emits nothing', async ({ page, demo }) => {
      const anonymousId = await openDemo(page, agent)
      const { requestId } = await stampedPageEvent(demo, anonymousId)
      await eventually('the genuine webhook was processed', async () =>
        (await demo.runsFor(requestId)).length > 0 ? true : undefined,
      )
      // Counted for this visitor only: the other worker's tests emit calls into the same demo meanwhile.
      const callsBefore = (await demo.callsFor(anonymousId)).length

      // A copy claiming usr_admin, under a new id, signed with the wrong secret.
      const delivery = await demo.deliverAgain('forged-webhook', requestId)
      expect(delivery).toMatchObject({ purpose: 'forged', signature: 'invalid', format: agent, status: 400 })

      const runs = await demo.runsFor(delivery.requestId)
      expect(runs).toHaveLength(1)
      expect(runs[0]?.deliveryId).toBe(delivery.deliveryId)
      expect(runs[0]?.error?.name).toBe('ValidationError')
      expect(runs[0]?.error?.message).toMatch(/signature/i)
      expect(runs[0]?.calls).toEqual([])
      expect(await demo.callsFor(anonymousId)).toHaveLength(callsBefore)
      expect(
        (await demo.functionRuns()).some((run) => run.calls.some((call) => call.payload.userId === 'usr_admin')),
      ).toBe(false)
      expect((await demo.forwardedEvents()).some((event) => event.userId === 'usr_admin')).toBe(false)
      // The live panel shows the rejection.
      const card = page.locator(`[data-testid="function-run"][data-request-id="${delivery.requestId}"]`)
      await expect(card).toContainText('bad signature')
      await expect(card).toContainText('Rejected · ValidationError')
    })

    test('the same webhook delivered twice yields the same messageIds', async ({ page, demo }) => {
      const anonymousId = await openDemo(page, agent)
      await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
      const track = await eventually('the upgrade Track call', async () =>
        (await demo.callsFor(anonymousId)).find(
          (call) => call.type === 'track' && call.payload.event === 'Plan Upgraded',
        ),
      )
      const requestId = track.run.requestId ?? ''
      const first = track.run.calls.map((call) => call.payload.messageId)

      const retry = await demo.deliverAgain('redeliver', requestId)
      expect(retry).toMatchObject({ purpose: 'retry', signature: 'valid', status: 200, requestId })

      const runs = await demo.runsFor(requestId)
      expect(runs).toHaveLength(2)
      const second = runs
        .find((run) => run.deliveryId === retry.deliveryId)
        ?.calls.map((call) => call.payload.messageId)
      expect(second).toEqual(first)
      expect(new Set(first).size).toBe(first.length)
      // Both deliveries reached "Segment" with those messageIds: Segment keeps the first and drops the repeat.
      await expect
        .poll(async () => (await demo.forwardedEvents()).filter((event) => first.includes(event.messageId)).length)
        .toBe(first.length * 2)
    })
  })
}
