/**
 * `docs/demo.png`, the README's picture of the demo, and what keeps it current. `scripts/screenshot.ts`
 * (`npm run screenshot`) plays the visit below and takes the picture; beside it, `docs/demo.png.json`
 * records what the picture shows: the live panel's cards as text (ids and times left out) and a
 * digest of the page's look (its HTML and stylesheet). `e2e/demo-picture.spec.ts` plays the same
 * visit on the current demo and fails when either differs: the picture shows an older demo.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { chromium, expect, type Page } from '@playwright/test'
import { readDemoConfig } from '../demo/src/server/demo-config'
import { startDemoServer } from '../demo/src/server/demo-server'
import { chromiumLaunchOptions } from './chromium'

export const picturePath = new URL('../docs/demo.png', import.meta.url)
export const pictureRecordPath = new URL('../docs/demo.png.json', import.meta.url)

/** What `docs/demo.png.json` holds. */
export interface PictureRecord {
  /** How to take the picture again. */
  takenWith: string
  /** sha256 of the files that make the page's look. */
  look: string
  /** Each card of the live panel, browser column then server column, newest first, as text. */
  panel: string[]
}

export const takePictureCommand = 'npm run screenshot'

/** An ordinary desktop Chrome: headless Chromium's own User-Agent would (rightly) be flagged as a bot. */
const desktopChrome =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** Chromium's flag for no `navigator.webdriver`: the picture shows an ordinary visitor, not the bot the stand-in flags. */
const noAutomationFlag = '--disable-blink-features=AutomationControlled'

/** The browser context the picture is taken in. */
const pictureContext = {
  viewport: { width: 1440, height: 960 },
  userAgent: desktopChrome,
  timezoneId: 'Europe/Berlin',
} as const

/** The files that make the page's look: what the picture shows besides the panel's content. */
const lookFiles = ['../demo/public/index.html', '../demo/public/styles.css']

export async function pictureLook(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of lookFiles) hash.update(`\0${file}\0`).update(await readFile(new URL(file, import.meta.url)))
  return hash.digest('hex')
}

/**
 * The visit the picture shows, on a page opened at the demo's URL: sign in, upgrade, a replayed
 * webhook, join a team, a forged webhook. Ends with the toasts removed.
 */
async function playPictureVisit(page: Page): Promise<void> {
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
  // The forged copy of the team's webhook: the function maps the authentic event, its calls duplicates.
  await expect(page.getByTestId('forged-claim')).toHaveCount(1)
  await expect(page.locator('[data-duplicate="true"]')).toHaveCount(4)
  await page.locator('.toast').evaluateAll((toasts) => toasts.forEach((toast) => toast.remove()))
}

/**
 * Starts the demo with its defaults on a free port, opens it in Debian's Chromium as the picture's
 * ordinary desktop visitor, plays the picture's visit, and hands the page to `use`; closes both after.
 */
export async function withPictureVisit<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const demo = await startDemoServer({ ...readDemoConfig({}), port: 0 })
  try {
    const browser = await chromium.launch({
      ...chromiumLaunchOptions,
      args: [...chromiumLaunchOptions.args, noAutomationFlag],
    })
    try {
      const page = await browser.newPage(pictureContext)
      await page.goto(demo.url)
      await playPictureVisit(page)
      return await use(page)
    } finally {
      await browser.close()
    }
  } finally {
    await demo.close()
  }
}

/** The live panel's cards as text, ids and times replaced by `<id>` and `<time>`: what the picture shows of the demo's behaviour. */
export async function panelCards(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#browser-feed > li, #server-feed > li')).map((card) => {
      const copy = card.cloneNode(true) as HTMLElement
      for (const time of Array.from(copy.querySelectorAll('time'))) time.textContent = '<time>'
      for (const code of Array.from(copy.querySelectorAll('code'))) code.textContent = '<id>'
      for (const chip of Array.from(copy.querySelectorAll('.chip:not(.missing)')))
        chip.textContent = `${chip.querySelector('b')?.textContent ?? ''} <id>`
      const words: string[] = []
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim()
        if (text) words.push(text)
      }
      return words.join(' ')
    }),
  )
}
