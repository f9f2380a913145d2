// Issue 4, scenarios 1, 5 and 8: an anonymous visit with each agent version and webhook format.
import { agentVersions, eventually, expect, openDemo, stampedPageEvent, test } from './demo-fixtures'

for (const agent of agentVersions) {
  test.describe(`anonymous visit, ${agent} agent and ${agent} webhooks`, () => {
    test('the page event is stamped and the function identifies the same anonymous visitor', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const anonymousId = await openDemo(page, agent)

      const pageEvent = await stampedPageEvent(demo, anonymousId)
      expect(pageEvent.visitorId).toMatch(/^[0-9A-Za-z]{20}$/)

      const identify = await eventually('the function emits an Identify for this anonymousId', async () =>
        (await demo.callsFor(anonymousId)).find((call) => call.type === 'identify'),
      )
      expect(identify.payload.anonymousId).toBe(anonymousId)
      expect(identify.payload.userId).toBeUndefined()
      expect(identify.payload.traits).toMatchObject({ visitorId: pageEvent.visitorId })
      expect(identify.payload.context).toMatchObject({
        // The function maps the event it fetched from the Server API: a v4 Event, whichever webhook format notified it.
        fingerprint: { visitorId: pageEvent.visitorId, requestId: pageEvent.requestId, webhookFormat: 'v4' },
      })
      expect(identify.run.error).toBeUndefined()

      // The same call went on to "Segment" through analytics-node, with the same messageId.
      await expect
        .poll(async () =>
          (await demo.forwardedEvents()).some((event) => event.messageId === identify.payload.messageId),
        )
        .toBe(true)

      // The live panel shows both sides with the shared ids highlighted.
      await expect(page.getByTestId('identity-visitor')).toContainText(pageEvent.visitorId)
      await expect(page.getByTestId('identity-anon')).toContainText(anonymousId)
      await expect(
        page
          .getByTestId('browser-event')
          .filter({ has: page.locator('.chip.visitor.match') })
          .first(),
      ).toBeVisible()
      await expect(
        page
          .getByTestId('function-call')
          .and(page.locator('[data-type="identify"]'))
          .locator('.chip.anon.match')
          .first(),
      ).toBeVisible()
      expect(pageErrors).toEqual([])
    })

    test('several Analytics.js calls on one page load share exactly one identification', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const identifyRequests: string[] = []
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/fp/identify') identifyRequests.push(request.url())
      })
      const anonymousId = await openDemo(page, agent)
      await page.evaluate(async () => {
        const analytics = window.analytics
        if (!analytics) throw new Error('window.analytics is missing')
        await Promise.all([
          analytics.track('Pricing Viewed', { plans: 3 }),
          analytics.track('Feature Compared', { feature: 'automations' }),
          analytics.page('Pricing'),
          analytics.track('Docs Opened'),
        ])
      })

      await expect
        .poll(async () => (await demo.browserEvents(anonymousId)).length, { message: 'all 5 events arrive' })
        .toBe(5)
      const events = await demo.browserEvents(anonymousId)
      const requestIds = new Set(events.map((event) => event.requestId))
      expect(requestIds.size, 'every event carries the same identification').toBe(1)
      expect([...requestIds][0]).toBeDefined()
      const visitorId = events[0]?.visitorId ?? ''
      expect(await demo.identifications(visitorId)).toHaveLength(1)
      expect(identifyRequests).toHaveLength(1)
      expect(pageErrors).toEqual([])
    })
  })
}
