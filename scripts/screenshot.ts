/**
 * Takes `docs/demo.png`: starts the demo on a free port, plays a short visit in Debian's Chromium
 * (sign in, upgrade, a replayed webhook, join a team, a forged webhook) and captures the page with its live panel.
 *
 *   node_modules/.bin/tsx scripts/screenshot.ts   (after `npm run build`)
 */
import { chromiumLaunchOptions } from './chromium'
import { mkdir } from 'node:fs/promises'
import { chromium, expect } from '@playwright/test'
import { readDemoConfig } from '../demo/src/server/demo-config'
import { startDemoServer } from '../demo/src/server/demo-server'

const output = new URL('../docs/demo.png', import.meta.url)
// An ordinary desktop Chrome: headless Chromium's own User-Agent would (rightly) be flagged as a bot.
const desktopChrome =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

const demo = await startDemoServer({ ...readDemoConfig({}), port: 0 })
const browser = await chromium.launch({
  ...chromiumLaunchOptions,
  args: [
    ...chromiumLaunchOptions.args,
    // No navigator.webdriver: the picture shows an ordinary visitor, not the bot the stand-in flags.
    '--disable-blink-features=AutomationControlled',
  ],
})
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 960 },
    userAgent: desktopChrome,
    timezoneId: 'Europe/Berlin',
  })
  await page.goto(demo.url)
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  const serverCalls = (type: string) => page.locator(`[data-testid="function-call"][data-type="${type}"]`)
  await expect(serverCalls('identify')).toHaveCount(1)

  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(serverCalls('identify')).toHaveCount(2)
  await page.getByRole('button', { name: 'Upgrade to Pro' }).click()
  await expect(serverCalls('track')).toHaveCount(1)
  await page.getByRole('button', { name: 'Replay last webhook' }).click()
  await expect(page.locator('[data-duplicate="true"]')).toHaveCount(2)
  await page.getByRole('button', { name: 'Join team' }).click()
  await expect(serverCalls('group')).toHaveCount(1)
  await page.getByRole('button', { name: 'Send forged webhook' }).click()
  await expect(page.locator('[data-testid="function-run"].is-rejected')).toHaveCount(1)
  await page.locator('.toast').evaluateAll((toasts) => toasts.forEach((toast) => toast.remove()))

  await mkdir(new URL('.', output), { recursive: true })
  // The viewport, as a visitor sees it: the panel sticks beside the page.
  await page.screenshot({ path: output.pathname, animations: 'disabled' })
  console.log(`Wrote ${output.pathname}`)
} finally {
  await browser.close()
  await demo.close()
}
