// Issue 4, scenarios 6 and 8: Fingerprint blocked (the agent script request aborted, as an ad blocker does).
import { agentVersions, expect, openDemo, test } from './demo-fixtures'

/** The agent code each loader fetches from the Fingerprint stand-in. */
const agentScript = { v3: '**/fp/agent/**', v4: '**/fp/web/**' } as const
/** How each agent reports it: the v3 `load()` rejects; the v4 `start()` is synchronous and `get()` rejects. */
const reportedFailure = { v3: /^(agent-load|timeout)$/, v4: /^(identification|timeout)$/ } as const

for (const agent of agentVersions) {
  test(`Fingerprint blocked, ${agent} agent: every Analytics.js event still arrives, no page errors`, async ({
    page,
    demo,
    pageErrors,
  }) => {
    let aborted = 0
    await page.route(agentScript[agent], (route) => {
      aborted++
      return route.abort('blockedbyclient')
    })
    const identifyRequests: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/fp/identify')) identifyRequests.push(request.url())
    })

    const anonymousId = await openDemo(page, agent)
    await page.evaluate(async () => {
      await window.analytics?.track('Pricing Viewed')
      await window.analytics?.identify({ plan: 'free' })
    })
    await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
    // The wrapped get() fails: the page tells the visitor, nothing is thrown.
    await expect(page.locator('.toast.error')).toContainText('Could not complete', { timeout: 20_000 })

    await expect
      .poll(async () => (await demo.browserEvents(anonymousId)).map((event) => event.label ?? event.type).sort(), {
        message: 'every event arrives',
      })
      .toEqual(['Home', 'Pricing Viewed', 'Upgrade Clicked', 'identify'])
    const events = await demo.browserEvents(anonymousId)
    expect(events.every((event) => event.visitorId === undefined)).toBe(true)
    expect(aborted).toBeGreaterThan(0)
    expect(identifyRequests).toEqual([])
    expect(await demo.callsFor(anonymousId)).toEqual([])
    await expect(page.locator('body')).toHaveAttribute('data-fingerprint-failure', reportedFailure[agent])
    expect(pageErrors).toEqual([])
  })
}
