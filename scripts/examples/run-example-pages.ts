/**
 * The examples apps' pages in Debian's Chromium, against the demo's stand-ins: the demo server
 * starts here on a free loopback port (its tracking stand-in, Fingerprint stand-in and the built
 * Source Function), each app is served on another, and every request a page makes to a third-party
 * host is answered by `cdnStandIns` (nothing leaves the machine). Each example passes when what it
 * sent reached Segment through the function, for its own anonymousId (`example-pages.ts`).
 */
import { chromiumLaunchOptions } from '../chromium'
import { chromium, expect, type Browser } from '@playwright/test'
import { readDemoConfig } from '../../demo/src/server/demo-config'
import { startDemoServer } from '../../demo/src/server/demo-server'
import type { DemoState } from '../../demo/src/shared/activity'
import { cdnStandIns } from './cdn-stand-ins'
import type { PageExample } from './example-pages'
import type { ServedSite } from './example-sites'

export interface PageResult {
  name: string
  outcome: 'passed' | 'failed'
  detail?: string
}

/** One app to open pages of. */
export interface ExampleSite {
  /** Put before each of its results' names, e.g. `peer floors`. */
  label: string
  /** The installed app: the stand-ins serve the published files (Analytics.js, the loader, our IIFE) from its node_modules. */
  appDir: string
  /** Serves the app (called once the demo and Chromium are up); stopped after its pages. */
  serve(): Promise<ServedSite>
  pages: readonly PageExample[]
}

async function runOne(
  browser: Browser,
  site: ExampleSite,
  example: PageExample,
  appUrl: string,
  demoUrl: string,
): Promise<PageResult> {
  const name = `${site.label}: ${example.name}`
  const standIn = cdnStandIns(site.appDir, demoUrl)
  const context = await browser.newContext()
  const problems: string[] = []
  try {
    await context.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      async (route) => {
        const url = new URL(route.request().url())
        const answer = standIn(url)
        if (!answer) {
          problems.push(`a request to a host no stand-in plays: ${url.href}`)
          return route.abort('blockedbyclient')
        }
        // CDNs and APIs answer cross-origin requests with CORS headers.
        const headers = { 'access-control-allow-origin': '*' }
        if (answer.kind === 'file') return route.fulfill({ path: answer.path, headers })
        if (answer.kind === 'module')
          return route.fulfill({ body: answer.body, contentType: 'text/javascript; charset=utf-8', headers })
        return route.fulfill({ response: await route.fetch({ url: answer.url }) })
      },
    )
    const page = await context.newPage()
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
    await page.goto(`${appUrl}${example.path}`)
    const key = example.anonymousIdKey ?? 'ajs_anonymous_id'
    const anonymousId = await expect
      .poll(() => page.evaluate((storageKey) => localStorage.getItem(storageKey), key), {
        message: `the page keeps an anonymousId (localStorage ${key})`,
      })
      .not.toBeNull()
      .then(() => page.evaluate((storageKey) => JSON.parse(localStorage.getItem(storageKey) ?? '""') as string, key))
    await example.check(async () => {
      const response = await fetch(`${demoUrl}/api/state?all`)
      return ((await response.json()) as DemoState).activities
    }, anonymousId)
    if (problems.length > 0) throw new Error(problems.join('\n'))
    return { name, outcome: 'passed' }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { name, outcome: 'failed', detail: [message, ...problems].join('\n') }
  } finally {
    await context.close()
  }
}

/** Runs every page of every site, one site after the other; one result per page. */
export async function runExamplePages(sites: readonly ExampleSite[]): Promise<PageResult[]> {
  const demo = await startDemoServer({ ...readDemoConfig({}), port: 0 })
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] })
  const results: PageResult[] = []
  try {
    const demoUrl = demo.url.replace('localhost', '127.0.0.1')
    for (const site of sites) {
      let served: ServedSite
      try {
        served = await site.serve()
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        for (const example of site.pages) results.push({ name: `${site.label}: ${example.name}`, outcome: 'failed', detail })
        continue
      }
      try {
        for (const example of site.pages) results.push(await runOne(browser, site, example, served.url, demoUrl))
      } finally {
        await served.stop()
      }
    }
    return results
  } finally {
    await browser.close()
    await demo.close()
  }
}
