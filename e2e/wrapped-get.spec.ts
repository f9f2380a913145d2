// Issue 4, scenarios 3, 4 and 8: the wrapped fp.get() with track and group specs, and skipIntegration.
import { agentVersions, eventually, expect, openDemo, stampedPageEvent, test } from './demo-fixtures'

for (const agent of agentVersions) {
  test.describe(`wrapped fp.get(), ${agent} agent`, () => {
    test('upgrade plan emits a Track with its properties; join team emits a Group', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const anonymousId = await openDemo(page, agent)
      const { visitorId } = await stampedPageEvent(demo, anonymousId)

      await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
      const track = await eventually('a Plan Upgraded Track call', async () =>
        (await demo.callsFor(anonymousId)).find(
          (call) => call.type === 'track' && call.payload.event === 'Plan Upgraded',
        ),
      )
      expect(track.payload.properties).toEqual({
        plan: 'pro',
        previousPlan: 'free',
        price: 12,
        currency: 'USD',
        billingCycle: 'monthly',
      })
      expect(track.payload.context).toMatchObject({ fingerprint: { visitorId } })
      // The same identification also produced the Identify (the wrapped get carries the whole payload).
      expect(track.run.calls.map((call) => call.type).sort()).toEqual(['identify', 'track'])
      await expect(page.locator('#current-plan')).toHaveText('Pro')

      await page.getByRole('button', { name: 'Join team' }).click()
      const group = await eventually('a Group call', async () =>
        (await demo.callsFor(anonymousId)).find((call) => call.type === 'group'),
      )
      expect(group.payload).toMatchObject({
        groupId: 'team_design',
        traits: { name: 'Design Guild', plan: 'business' },
      })

      // The browser's own events went out too, stamped with the page load's identification.
      const browserEvents = await demo.browserEvents(anonymousId)
      expect(browserEvents.filter((event) => event.type === 'track').map((event) => event.label)).toEqual(
        expect.arrayContaining(['Upgrade Clicked', 'Team Joined']),
      )
      expect(browserEvents.every((event) => event.visitorId === visitorId)).toBe(true)
      expect(pageErrors).toEqual([])
    })

    test('skipIntegration: the identification happens, the function emits nothing', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const anonymousId = await openDemo(page, agent)
      const { visitorId } = await stampedPageEvent(demo, anonymousId)

      await page.getByRole('button', { name: 'Apply' }).click()
      const identification = await eventually('the coupon check identification', async () =>
        (await demo.identifications(visitorId)).find((entry) => entry.linkedId === 'coupon-WELCOME20'),
      )
      expect(identification.tag).toMatchObject({
        purpose: 'coupon-check',
        integrations: { segment: { skipIntegration: true } },
      })
      const [run] = await eventually('the function answered its webhook', async () => {
        const runs = await demo.runsFor(identification.requestId)
        return runs.length > 0 ? runs : undefined
      })
      expect(run?.error).toBeUndefined()
      expect(run?.calls).toEqual([])
      expect(run?.logs.join('\n')).toContain('skipIntegration')
      // Still one Identify only for this visitor: the page load's.
      expect((await demo.callsFor(anonymousId)).filter((call) => call.type === 'identify')).toHaveLength(1)
      await expect
        .poll(async () => (await demo.browserEvents(anonymousId)).some((event) => event.label === 'Coupon Applied'))
        .toBe(true)
      expect(pageErrors).toEqual([])
    })
  })
}
