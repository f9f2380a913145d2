/**
 * Shared set-up of the e2e specs: a `demo` client reading the demo server's JSON state (what the
 * tracking stand-in received, what the Fingerprint stand-in identified and delivered, what the
 * built Source Function emitted), page-error and network guards, and the two agent versions every
 * main flow runs with (issue 4, scenario 8).
 */
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test'
import type {
  Activity,
  AgentVersion,
  BrowserEventActivity,
  DemoState,
  FunctionCall,
  FunctionRunActivity,
  IdentificationActivity,
  WebhookDeliveryActivity,
} from '../demo/src/shared/activity'

export { expect }

/** Every main flow runs with both agents and both webhook formats. */
export const agentVersions: readonly AgentVersion[] = ['v3', 'v4']

/** A function call with the run it came from. */
export interface EmittedCall extends FunctionCall {
  run: FunctionRunActivity
}

export class DemoClient {
  constructor(private readonly request: APIRequestContext) {}

  async activities(): Promise<Activity[]> {
    const response = await this.request.get('/api/state?all')
    expect(response.ok()).toBe(true)
    return ((await response.json()) as DemoState).activities
  }

  /** Events Analytics.js (the page) sent to the tracking stand-in for this anonymousId. */
  async browserEvents(anonymousId: string): Promise<BrowserEventActivity[]> {
    return (await this.activities()).filter(
      (a): a is BrowserEventActivity =>
        a.kind === 'browser-event' && a.sender === 'analytics.js' && a.anonymousId === anonymousId,
    )
  }

  /** Calls the function host forwarded to "Segment" with analytics-node (received by the tracking stand-in). */
  async forwardedEvents(): Promise<BrowserEventActivity[]> {
    return (await this.activities()).filter(
      (a): a is BrowserEventActivity => a.kind === 'browser-event' && a.sender === 'analytics-node',
    )
  }

  async identifications(visitorId: string): Promise<IdentificationActivity[]> {
    return (await this.activities()).filter(
      (a): a is IdentificationActivity => a.kind === 'identification' && a.visitorId === visitorId,
    )
  }

  async functionRuns(): Promise<FunctionRunActivity[]> {
    return (await this.activities()).filter((a): a is FunctionRunActivity => a.kind === 'function-run')
  }

  /** The runs that answered the webhook of this identification (several after a retry). */
  async runsFor(requestId: string): Promise<FunctionRunActivity[]> {
    return (await this.functionRuns()).filter((run) => run.requestId === requestId)
  }

  /** Every call the Source Function emitted whose anonymousId is this one. */
  async callsFor(anonymousId: string): Promise<EmittedCall[]> {
    return (await this.functionRuns()).flatMap((run) =>
      run.calls.filter((call) => call.payload.anonymousId === anonymousId).map((call) => ({ ...call, run })),
    )
  }

  /** POSTs to a Fingerprint stand-in admin route; resolves to the delivery once the function host answered. */
  async deliverAgain(route: 'redeliver' | 'forged-webhook', requestId: string): Promise<WebhookDeliveryActivity> {
    const response = await this.request.post(`/fp/admin/${route}`, { data: { requestId } })
    expect(response.ok()).toBe(true)
    return (await response.json()) as WebhookDeliveryActivity
  }
}

/** Opens the demo with one agent version and returns the page's Analytics.js anonymousId. */
export async function openDemo(page: Page, agent: AgentVersion): Promise<string> {
  await page.goto(agent === 'v4' ? '/?agent=v4' : '/')
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  const anonymousId = await page.evaluate(() => window.analytics?.user().anonymousId())
  expect(typeof anonymousId).toBe('string')
  return anonymousId as string
}

/** Waits for the first page event of this visitor, stamped by the plugin, and returns it. */
export async function stampedPageEvent(
  demo: DemoClient,
  anonymousId: string,
): Promise<BrowserEventActivity & { visitorId: string; requestId: string }> {
  let found: BrowserEventActivity | undefined
  await expect
    .poll(
      async () => {
        found = (await demo.browserEvents(anonymousId)).find(
          (event) => event.type === 'page' && event.visitorId !== undefined,
        )
        return found !== undefined
      },
      { message: 'the page event reaches the tracking stand-in stamped with a visitorId' },
    )
    .toBe(true)
  return found as BrowserEventActivity & { visitorId: string; requestId: string }
}

/** Polls until `find` returns something, then returns it. */
export async function eventually<T>(message: string, find: () => Promise<T | undefined>): Promise<T> {
  let found: T | undefined
  await expect.poll(async () => (found = await find()) !== undefined, { message }).toBe(true)
  return found as T
}

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

export const test = base.extend<{ demo: DemoClient; pageErrors: string[] }>({
  // The page's own request context: its admin calls (replay, forged webhook) carry the visitor's
  // demo-session cookie, so what they cause shows in that visitor's panel.
  demo: async ({ page }, use) => {
    await use(new DemoClient(page.request))
  },
  // Uncaught exceptions and unhandled rejections in the page: every test ends by checking there are none.
  pageErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await use(errors)
  },
  // Nothing may leave the machine: Analytics.js, the Fingerprint loaders and the agent all talk to the demo server.
  page: async ({ page }, use) => {
    const external: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (!localHosts.has(url.hostname) && url.protocol !== 'data:') external.push(request.url())
    })
    await use(page)
    expect(external, 'requests to hosts other than the demo server').toEqual([])
  },
})
