// Issue 14: the live panel shows what it claims. Deduplication is shown (messageIds, duplicates
// marked, distinct counts), every "Things to try" step stays reachable in the README's order, the
// forgery's claim is on its card, an automated browser's bot verdict is explained, each visitor
// sees only their own activity, and the chosen plan survives a reload.
import { readDemoConfig } from '../demo/src/server/demo-config'
import { startDemoServer } from '../demo/src/server/demo-server'
import { eventually, expect, openDemo, test } from './demo-fixtures'

const serverCalls = '[data-testid="function-call"]'

test('Replay last webhook: the repeat calls carry the same messageIds, marked as duplicates Segment drops', async ({
  page,
  demo,
  pageErrors,
}) => {
  const anonymousId = await openDemo(page, 'v3')
  await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
  const track = await eventually('the upgrade Track call', async () =>
    (await demo.callsFor(anonymousId)).find((call) => call.type === 'track'),
  )
  const upgradeRequestId = track.run.requestId ?? ''
  // A webhook with no calls afterwards (skipIntegration): Replay still replays the upgrade's.
  await page.getByRole('button', { name: 'Apply' }).click()
  await eventually('the coupon webhook was answered with no calls', async () =>
    (await demo.functionRuns()).find(
      (run) => run.calls.length === 0 && run.logs.join('\n').includes('skipIntegration') && run.session !== undefined,
    ),
  )

  await page.getByRole('button', { name: 'Replay last webhook' }).click()
  await expect.poll(async () => (await demo.runsFor(upgradeRequestId)).length).toBe(2)

  const cards = page.locator(`[data-testid="function-run"][data-request-id="${upgradeRequestId}"]`)
  await expect(cards).toHaveCount(2)
  const retry = cards.first() // newest first
  const original = cards.last()
  await expect(retry).toContainText('retry')
  await expect(retry.locator(`${serverCalls}[data-duplicate="true"]`)).toHaveCount(2)
  await expect(retry.locator(`${serverCalls}[data-duplicate="true"]`).first()).toContainText(
    'duplicate: Segment drops it',
  )
  await expect(original.locator(`${serverCalls}[data-duplicate="true"]`)).toHaveCount(0)
  for (const call of track.run.calls) {
    const messageId = String(call.payload.messageId)
    await expect(retry).toContainText(messageId)
    await expect(original).toContainText(messageId)
  }
  // Counted once: the page load's Identify, the upgrade's Identify and Track; the repeats apart.
  await expect(page.locator('#panel-counters')).toContainText('3 server calls (+2 duplicates Segment drops)')
  expect(pageErrors).toEqual([])
})

test('every "Things to try" step in the README order: the forged sign-in is still there after signing in', async ({
  page,
  demo,
  pageErrors,
}) => {
  await openDemo(page, 'v3')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByTestId('identity-user')).toContainText('usr_')
  const forgedSignIn = page.getByRole('button', { name: 'Try a forged sign-in' })
  await expect(forgedSignIn).toBeVisible()
  await forgedSignIn.click()
  await expect(page.getByTestId('identity-user')).toContainText('usr_ceo')
  // Analytics.js starts a new anonymousId when identify() names another user.
  const anonymousId = (await page.evaluate(() => window.analytics?.user().anonymousId())) ?? ''
  await eventually('an Identify claiming usr_ceo, without it as userId', async () =>
    (await demo.callsFor(anonymousId)).find(
      (call) => JSON.stringify(call.payload.context).includes('"claimedUserId":"usr_ceo"') && !call.payload.userId,
    ),
  )
  for (const name of ['Upgrade to Pro', 'Join team', 'Apply', 'Replay last webhook', 'Send forged webhook'])
    await expect(page.getByRole('button', { name })).toBeEnabled()

  await page.getByRole('button', { name: 'Send forged webhook' }).click()
  const forgedCard = page.locator('[data-testid="function-run"]').filter({ hasText: 'forged' }).first()
  await expect(forgedCard.getByTestId('forged-claim')).toHaveText(
    'Claims userId usr_admin with traits {"role":"admin"} and a clean device',
  )
  await expect(forgedCard).toContainText("verified with Fingerprint's Server API")
  await expect(page.getByRole('link', { name: 'Risky device: off' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Agent v4' })).toBeVisible()
  expect(pageErrors).toEqual([])
})

test('Send forged webhook after Apply forges the last webhook that produced calls, not the coupon check', async ({
  page,
  demo,
  pageErrors,
}) => {
  const anonymousId = await openDemo(page, 'v3')
  await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
  const track = await eventually('the upgrade Track call', async () =>
    (await demo.callsFor(anonymousId)).find((call) => call.type === 'track'),
  )
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page.locator('[data-testid="function-run"]').first()).toContainText('skipIntegration')

  await page.getByRole('button', { name: 'Send forged webhook' }).click()
  const forgedCard = page.locator('[data-testid="function-run"]').filter({ hasText: 'forged' })
  await expect(forgedCard).toHaveCount(1)
  await expect(forgedCard).toHaveAttribute('data-request-id', track.run.requestId ?? '')
  // The authentic upgrade again, looked up with the Server API: its calls (Identify, Track), as duplicates Segment drops.
  await expect(forgedCard.locator(`${serverCalls}[data-duplicate="true"]`)).toHaveCount(track.run.calls.length)
  await expect(forgedCard).not.toContainText('skipIntegration')
  expect(pageErrors).toEqual([])
})

test('a headless browser is flagged as a bot, and the page says why the verdict is block', async ({ page, demo }) => {
  const anonymousId = await openDemo(page, 'v3')
  const identify = await eventually('the Identify', async () =>
    (await demo.callsFor(anonymousId)).find((call) => call.type === 'identify'),
  )
  expect(identify.payload.context).toMatchObject({
    fingerprint: { signals: { bot: 'bad' }, risk: { verdict: 'block' } },
  })
  await expect(page.getByTestId('bot-notice')).toBeVisible()
  await expect(page.getByTestId('bot-notice')).toContainText('bot (headlessChrome)')
  await expect(page.getByTestId('risk-reasons').first()).toContainText('because:')
})

test('one panel per visitor: another visitor sees neither my activity nor my Clear', async ({ page, browser }) => {
  const mine = await openDemo(page, 'v3')
  const other = await browser.newPage()
  try {
    const theirs = await openDemo(other, 'v3')
    await expect(other.locator(serverCalls).first()).toBeVisible()
    await expect(page.locator(serverCalls).first()).toBeVisible()
    await expect(page.locator('#browser-feed')).not.toContainText(theirs.slice(0, 6))
    await expect(other.locator('#browser-feed')).not.toContainText(mine.slice(0, 6))

    await page.getByRole('button', { name: 'Clear' }).click()
    await expect(page.locator('#server-feed')).toContainText('Waiting for Fingerprint webhooks')
    await other.reload()
    await expect(other.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect(other.locator(serverCalls).first()).toBeVisible()
  } finally {
    await other.close()
  }
})

test('the chosen plan survives a reload', async ({ page }) => {
  await openDemo(page, 'v3')
  await page.getByRole('button', { name: 'Upgrade to Business' }).click()
  await expect(page.locator('#current-plan')).toHaveText('Business')
  await page.reload()
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  await expect(page.locator('#current-plan')).toHaveText('Business')
  await expect(page.locator('#upgrade-business')).toHaveText('Current plan')
  await expect(page.locator('#upgrade-business')).toBeDisabled()
})

test('with the Server API off and a webhook token, the forged webhook (sent to the same URL) is shown as not verified', async ({
  page,
}) => {
  const unsigned = await startDemoServer({
    ...readDemoConfig({}),
    serverApiKey: '',
    webhookToken: 'e2e-token',
    port: 0,
  })
  try {
    await page.goto(unsigned.url)
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect(page.locator(serverCalls).first()).toBeVisible()
    await page.getByRole('button', { name: 'Send forged webhook' }).click()
    const forged = page.locator('[data-testid="function-run"]').filter({ hasText: 'forged' })
    await expect(forged.getByTestId('forged-claim')).toContainText('usr_admin')
    await expect(forged).toContainText('not verified')
    await expect(forged).not.toContainText("verified with Fingerprint's Server API")
  } finally {
    await unsigned.close()
  }
})

test('with no authentication at all, the function refuses every webhook that would emit calls, and the panel says why', async ({
  page,
}) => {
  const open = await startDemoServer({ ...readDemoConfig({}), serverApiKey: '', webhookToken: '', port: 0 })
  try {
    await page.goto(open.url)
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    const refused = page.locator('[data-testid="function-run"]').filter({ hasText: 'No authentication is configured' })
    await expect(refused.first()).toBeVisible()
    await expect(page.locator(serverCalls)).toHaveCount(0)
  } finally {
    await open.close()
  }
})
