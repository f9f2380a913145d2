// A forged webhook (issue 10: authentic events in a deployed Source Function), and the same webhook delivered twice.
import { agentVersions, eventually, expect, openDemo, stampedPageEvent, test } from './demo-fixtures'

for (const agent of agentVersions) {
  test.describe(`webhook delivery, ${agent} webhooks`, () => {
    test('a forged webhook with a real event id, claiming another user and a clean device, emits the authentic event only', async ({
      page,
      demo,
    }) => {
      const anonymousId = await openDemo(page, agent)
      const { requestId } = await stampedPageEvent(demo, anonymousId)
      const genuine = await eventually('the genuine webhook was processed', async () => {
        const runs = await demo.runsFor(requestId)
        return runs.length > 0 ? runs[0] : undefined
      })
      expect(genuine.logs.join('\n')).toMatch(/verified with Fingerprint's Server API/)

      // The attacker's copy: the same event id, `usr_admin` in the tag, bot/VPN/tampering cleared.
      const delivery = await demo.deliverAgain('forged-webhook', requestId)
      expect(delivery).toMatchObject({ purpose: 'forged', format: agent, status: 200, requestId })
      const forgedRun = (await demo.runsFor(requestId)).find((run) => run.deliveryId === delivery.deliveryId)
      expect(forgedRun?.error).toBeUndefined()
      // Exactly the authentic calls, messageIds included: Segment drops them as repeats.
      expect(forgedRun?.calls).toEqual(genuine.calls)
      expect(JSON.stringify(forgedRun?.calls)).not.toContain('usr_admin')
      expect(
        (await demo.functionRuns()).some((run) => run.calls.some((call) => call.payload.userId === 'usr_admin')),
      ).toBe(false)
      expect((await demo.forwardedEvents()).some((event) => event.userId === 'usr_admin')).toBe(false)
      // The live panel shows the claim, and that the event was verified.
      const card = page.locator(`[data-testid="function-run"]`).filter({ hasText: 'forged' }).first()
      await expect(card).toContainText('usr_admin')
      await expect(card).toContainText("verified with Fingerprint's Server API")
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
