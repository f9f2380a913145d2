/**
 * The examples app's built pages in Debian's Chromium, against the demo's stand-ins: the demo
 * server starts here on a free loopback port (its tracking stand-in, Fingerprint stand-in and the
 * built Source Function), the app's `dist/` is served on another, and every request a page makes
 * to a third-party host is answered by `cdnStandIns` (nothing leaves the machine). Each example
 * passes when what it sent reached Segment through the function, for its own anonymousId.
 */
import { chromiumLaunchOptions } from '../chromium'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname } from 'node:path'
import { chromium, expect, type Browser } from '@playwright/test'
import { readDemoConfig } from '../../demo/src/server/demo-config'
import { startDemoServer } from '../../demo/src/server/demo-server'
import type { Activity, DemoState, FunctionRunActivity } from '../../demo/src/shared/activity'
import { cdnStandIns } from './cdn-stand-ins'

export interface PageResult {
  name: string
  outcome: 'passed' | 'failed'
  detail?: string
}

/** What one example must have produced, read from the demo's state. */
interface PageExample {
  name: string
  path: string
  /** Resolves when the demo's state shows the example worked; throws (with a reason) otherwise. */
  check(activities: () => Promise<Activity[]>, anonymousId: string): Promise<void>
}

const callsOf = (activities: Activity[], anonymousId: string) =>
  activities
    .filter((activity): activity is FunctionRunActivity => activity.kind === 'function-run')
    .flatMap((run) => run.calls)
    .filter((call) => call.payload.anonymousId === anonymousId)

/** A page event from Analytics.js for this visitor, stamped with a Fingerprint visitorId by the plugin. */
async function stampedPage(activities: () => Promise<Activity[]>, anonymousId: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (await activities()).some(
          (activity) =>
            activity.kind === 'browser-event' &&
            activity.type === 'page' &&
            activity.anonymousId === anonymousId &&
            activity.visitorId !== undefined,
        ),
      { message: 'the Page event reaches the tracking stand-in stamped with context.fingerprint.visitorId' },
    )
    .toBe(true)
}

/** A call of this type (and Track event name) emitted by the Source Function for this visitor. */
async function emitted(
  activities: () => Promise<Activity[]>,
  anonymousId: string,
  type: string,
  event?: string,
): Promise<void> {
  await expect
    .poll(
      async () =>
        callsOf(await activities(), anonymousId).some(
          (call) => call.type === type && (event === undefined || call.payload.event === event),
        ),
      { message: `the Source Function emits ${type}${event ? ` "${event}"` : ''} for the page's anonymousId` },
    )
    .toBe(true)
}

const examples: readonly PageExample[] = [
  {
    name: 'browser: plugin and withSegment, v3 agent',
    path: '/?example=browser-v3',
    async check(activities, anonymousId) {
      await stampedPage(activities, anonymousId)
      await emitted(activities, anonymousId, 'identify')
      await emitted(activities, anonymousId, 'track', 'Order Completed')
    },
  },
  {
    name: 'browser: plugin and withSegment, v4 agent',
    path: '/?example=browser-v4',
    async check(activities, anonymousId) {
      await expect
        .poll(
          async () =>
            (await activities()).some(
              (activity) =>
                activity.kind === 'identification' &&
                activity.agent === 'v4' &&
                JSON.stringify(activity.tag).includes('"cart":"c-7"') &&
                JSON.stringify(activity.tag).includes(anonymousId),
            ),
          { message: 'the wrapped v4 get() identifies with tags { cart, integrations.segment }' },
        )
        .toBe(true)
      await emitted(activities, anonymousId, 'identify')
    },
  },
  {
    name: 'browser: the IIFE by script tag, Analytics.js snippet, v3 agent from the CDN',
    path: '/script-tag.html',
    async check(activities, anonymousId) {
      await stampedPage(activities, anonymousId)
      await emitted(activities, anonymousId, 'identify')
    },
  },
]

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
}

/** Serves the built app (`dist/`) on a free loopback port, as any static host would. */
async function serveBuiltApp(appDir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    // The adopter's own backend route of the v4 withSegment snippet: nobody is signed in, so no proof.
    if (path === '/api/identity-proof') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('')
    const file = path === '/' ? '/index.html' : path
    if (file.includes('..')) return void response.writeHead(400).end()
    readFile(`${appDir}/dist${file}`).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function runOne(
  browser: Browser,
  example: PageExample,
  appUrl: string,
  demoUrl: string,
  appDir: string,
): Promise<PageResult> {
  const standIn = cdnStandIns(appDir, demoUrl)
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
        // CDNs answer cross-origin module imports with CORS headers.
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
    const anonymousId = await expect
      .poll(() => page.evaluate(() => localStorage.getItem('ajs_anonymous_id')), {
        message: 'Analytics.js stores an anonymousId',
      })
      .not.toBeNull()
      .then(() => page.evaluate(() => JSON.parse(localStorage.getItem('ajs_anonymous_id') ?? '""') as string))
    await example.check(async () => {
      const response = await fetch(`${demoUrl}/api/state?all`)
      return ((await response.json()) as DemoState).activities
    }, anonymousId)
    if (problems.length > 0) throw new Error(problems.join('\n'))
    return { name: example.name, outcome: 'passed' }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { name: example.name, outcome: 'failed', detail: [message, ...problems].join('\n') }
  } finally {
    await context.close()
  }
}

/** Runs every page example; one result each. */
export async function runExamplePages(appDir: string): Promise<PageResult[]> {
  const demo = await startDemoServer({ ...readDemoConfig({}), port: 0 })
  const app = await serveBuiltApp(appDir)
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] })
  try {
    const results: PageResult[] = []
    const demoUrl = demo.url.replace('localhost', '127.0.0.1')
    for (const example of examples) results.push(await runOne(browser, example, app.url, demoUrl, appDir))
    return results
  } finally {
    await browser.close()
    app.server.close()
    await demo.close()
  }
}
