// The browser package in real Chromium with the real Analytics.js and v3 loader (`/lab.html`): no
// event lost on navigation or when the tab closes with a hung agent, one identification per session and identity, the
// reset race, consent. A hung agent is the stand-in's `/fp/identify` request held open by the test.
import type { Page } from '@playwright/test'
import { expect, test, type DemoClient } from './demo-fixtures'

/** Opens the lab page; resolves to its anonymousId. */
async function openLab(page: Page, query = ''): Promise<string> {
  await page.goto(`/lab.html${query}`)
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  return (await page.evaluate(() => window.analytics?.user().anonymousId())) ?? ''
}

/** Counts the identifications the pages of this context ask the Fingerprint stand-in for; while `hang.on`, none is answered. */
function countIdentifications(page: Page, hang = { on: false }): { count: number } {
  const seen = { count: 0 }
  void page.context().route('**/fp/identify', (route) => {
    seen.count++
    return hang.on ? undefined : route.continue()
  })
  return seen
}

/** The distinct events (by messageId) the tracking stand-in received for this visitor: messageId -> name. */
async function distinctEvents(demo: DemoClient, anonymousId: string): Promise<Map<string, string>> {
  const events = await demo.browserEvents(anonymousId)
  return new Map(events.map((event) => [event.messageId, event.label ?? event.type]))
}

/** Waits until the stand-in holds exactly `expected` (messageId -> name) for this visitor, no more. */
async function expectExactly(demo: DemoClient, anonymousId: string, expected: Record<string, string>): Promise<void> {
  await expect
    .poll(async () => Object.fromEntries(await distinctEvents(demo, anonymousId)), { timeout: 15_000 })
    .toEqual(expected)
}

/** A messageId of this test's own (Analytics.js honours one passed in the call options). */
const messageId = (name: string): string => `e2e-${name}-${Math.random().toString(36).slice(2)}`

test.describe('browser plugin, navigation with a hung agent: every event arrives', () => {
  test('trackLink: "Clicked Link" is sent before Analytics.js navigates', async ({ page, demo, pageErrors }) => {
    countIdentifications(page, { on: true })
    const anonymousId = await openLab(page)
    await page.evaluate(() => void window.analytics?.page())
    await page.click('#tracked-link')
    await page.waitForURL('**/lab.html?from=link')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect
      .poll(async () => [...(await distinctEvents(demo, anonymousId)).values()].sort(), { timeout: 15_000 })
      .toEqual(['Clicked Link', 'page'])
    expect(pageErrors).toEqual([])
  })

  test('trackForm: "Submitted Form" is sent before Analytics.js submits the form', async ({
    page,
    demo,
    pageErrors,
  }) => {
    countIdentifications(page, { on: true })
    const anonymousId = await openLab(page)
    await page.evaluate(() => void window.analytics?.page())
    await page.click('#tracked-form-submit')
    await page.waitForURL('**/lab.html?from=form')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect
      .poll(async () => [...(await distinctEvents(demo, anonymousId)).values()].sort(), { timeout: 15_000 })
      .toEqual(['Submitted Form', 'page'])
    expect(pageErrors).toEqual([])
  })

  test('two events tracked 120 ms before location.href = ... both arrive', async ({ page, demo, pageErrors }) => {
    countIdentifications(page, { on: true })
    const anonymousId = await openLab(page)
    const ids = { First: messageId('first'), Second: messageId('second'), next: messageId('next') }
    await page.evaluate((ids) => {
      void window.analytics?.track('First', {}, { messageId: ids.First })
      void window.analytics?.track('Second', {}, { messageId: ids.Second })
      setTimeout(() => (location.href = '/lab.html?from=script'), 120)
    }, ids)
    await page.waitForURL('**/lab.html?from=script')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    // The next page's first event (events Analytics.js kept at pagehide go out with it).
    await page.evaluate((id) => void window.analytics?.page({}, { messageId: id }), ids.next)
    await expectExactly(demo, anonymousId, { [ids.First]: 'First', [ids.Second]: 'Second', [ids.next]: 'page' })
    expect(pageErrors).toEqual([])
  })

  test('the tab closes while the agent hangs: the held events are sent by the next page load', async ({
    page,
    context,
    demo,
  }) => {
    const hang = { on: true }
    const identifications = countIdentifications(page, hang)
    // Events would wait 10 s for the hung agent: only pagehide can save them.
    const anonymousId = await openLab(page, '?timeout=10000')
    const ids = { First: messageId('first'), Second: messageId('second'), next: messageId('next') }
    await page.evaluate((ids) => {
      void window.analytics?.track('First', {}, { messageId: ids.First })
      void window.analytics?.track('Second', {}, { messageId: ids.Second })
    }, ids)
    await expect.poll(() => identifications.count).toBe(1) // both events wait for it in the plugin
    // Closed with no beforeunload: nothing was released before pagehide, the page's last moment.
    await page.close({ runBeforeUnload: false })
    expect(await distinctEvents(demo, anonymousId)).toEqual(new Map())

    hang.on = false
    const next = await context.newPage()
    expect(await openLab(next, '?load=2')).toBe(anonymousId)
    await next.evaluate((id) => void window.analytics?.page({}, { messageId: id }), ids.next)
    await expectExactly(demo, anonymousId, { [ids.First]: 'First', [ids.Second]: 'Second', [ids.next]: 'page' })
    // Each once, sent through the plugin of the next page: stamped with its identification.
    const events = await demo.browserEvents(anonymousId)
    expect(events).toHaveLength(3)
    expect([...new Set(events.map((event) => event.requestId))]).toEqual([expect.any(String)])
    expect(identifications.count).toBe(2)
  })
})

test.describe('browser plugin, cost: one identification per session and identity', () => {
  test('four page loads cost one identification; signing in one more', async ({ page, demo, pageErrors }) => {
    const identifications = countIdentifications(page)
    let anonymousId = ''
    for (let load = 1; load <= 4; load++) {
      anonymousId = await openLab(page, `?load=${load}`)
      await page.evaluate(async () => {
        await window.analytics?.page()
      })
    }
    await expect
      .poll(async () => (await demo.browserEvents(anonymousId)).filter((e) => e.type === 'page').length)
      .toBe(4)
    const pages = (await demo.browserEvents(anonymousId)).filter((event) => event.type === 'page')
    expect(new Set(pages.map((event) => event.requestId)).size).toBe(1)
    expect(pages[0]?.requestId).toBeDefined()
    expect(identifications.count).toBe(1)

    await page.evaluate(async () => {
      await window.analytics?.identify('user-lab-1', { email: 'lab@example.com' })
    })
    expect(identifications.count).toBe(2)
    expect(pageErrors).toEqual([])
  })

  test('track(); reset() in one turn: "Signed Out" keeps the signed-in identification', async ({ page, demo }) => {
    countIdentifications(page)
    const anonymousId = await openLab(page)
    await page.evaluate(async () => {
      await window.analytics?.identify('user-lab-2')
      void window.analytics?.track('Signed Out')
      window.analytics?.reset()
      await window.analytics?.track('After reset')
    })
    const signedOut = await expect
      .poll(
        async () => (await demo.browserEvents(anonymousId)).find((event) => event.label === 'Signed Out')?.requestId,
      )
      .toBeDefined()
      .then(async () => (await demo.browserEvents(anonymousId)).find((event) => event.label === 'Signed Out'))
    const identify = (await demo.browserEvents(anonymousId)).find((event) => event.type === 'identify')
    expect(signedOut?.requestId).toBe(identify?.requestId)
  })
})

test('browser plugin, consent with the real consent-tools wrapper: no identification before it, one once given', async ({
  page,
  demo,
  pageErrors,
}) => {
  const identifications = countIdentifications(page)
  // `@segment/analytics-consent-tools`' createWrapper stamps every event with the visitor's categories
  // (all denied until grantConsent), as it does on a production site; it runs offline (inline CDN settings).
  const anonymousId = await openLab(page, '?consent=Analytics&wrapper=consent-tools')
  await page.evaluate(async () => {
    await window.analytics?.page()
    await window.analytics?.track('Browsed')
  })
  expect(identifications.count).toBe(0)
  // The consent change: the wrapper itself sends "Segment Consent Preference Updated", the first event with consent.
  await page.evaluate(() => window.grantConsent?.('Analytics'))
  await expect.poll(async () => (await demo.browserEvents(anonymousId)).length).toBe(3)
  await page.evaluate(async () => {
    await window.analytics?.track('Consented')
  })
  await expect.poll(async () => (await demo.browserEvents(anonymousId)).length).toBe(4)
  const events = await demo.browserEvents(anonymousId)
  expect(
    events.map((event) => [
      event.label ?? event.type,
      (event.event.context as { consent?: unknown }).consent,
      event.requestId !== undefined,
    ]),
  ).toEqual([
    ['page', { categoryPreferences: { Analytics: false } }, false],
    ['Browsed', { categoryPreferences: { Analytics: false } }, false],
    ['Segment Consent Preference Updated', { categoryPreferences: { Analytics: true } }, true],
    ['Consented', { categoryPreferences: { Analytics: true } }, true],
  ])
  expect(identifications.count).toBe(1)
  expect(pageErrors).toEqual([])
})
