/**
 * Issue 21, 2: steps of the wall clock. The system clock (`Date`) is stepped back 45 s, 10 min and
 * 2 h, and forward 8 days, under a running receiver whose delivery is backing off: delivery goes on
 * as soon as the tracking API is back, `/health` reports the oldest call's real age, and no call is
 * dead-lettered as past the retention. A receiver started with the clock 8 days ahead of the one
 * that stored the calls (the receiver's own clock, injected) delivers them instead of expiring them.
 */
import {
  signedWebhooks,
  sendConcurrently,
  startTrackingApiStandIn,
  type TrackingApiStandIn,
} from '@fingerprint-segment/test-kit'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { steadyClock, timerScheduler } from '../src/lib/clock'
import { silentLogger } from '../src/lib/receiver-log'
import { serveWith, type RunningReceiver } from '../src/service/serve'
import { reportScenario, scenarioCounts } from '../support/scenario-counts'
import { createTestStoreLocation, removeTestStores } from './test-stores'

const secret = 'clock-secret'
const day = 86_400_000
let api: TrackingApiStandIn
const receivers: RunningReceiver[] = []
beforeAll(async () => {
  api = await startTrackingApiStandIn()
})
afterEach(async () => {
  vi.useRealTimers()
  for (const receiver of receivers.splice(0)) await receiver.close({ timeoutMs: 1000 })
  api.setMode({ kind: 'up' })
})
afterAll(async () => {
  await api.close()
  await removeTestStores()
})

async function start(store: string, clockOffsetMs = 0): Promise<RunningReceiver> {
  const receiver = await serveWith(
    {
      writeKey: api.writeKey,
      trackingHost: api.url,
      store,
      settings: { webhookSecrets: [secret] },
      host: '127.0.0.1',
      port: 0,
      maxRetryDelayMs: 1000,
      retentionDays: 7,
      logger: silentLogger,
    },
    // A receiver started while the wall clock said `clockOffsetMs` more.
    clockOffsetMs === 0
      ? { processMetrics: false }
      : {
          processMetrics: false,
          time: { clock: { now: () => steadyClock.now() + clockOffsetMs }, scheduler: timerScheduler },
        },
  )
  receivers.push(receiver)
  return receiver
}

async function health(receiver: RunningReceiver): Promise<Record<string, unknown>> {
  return (await (await fetch(`${receiver.url}/health`)).json()) as Record<string, unknown>
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe.each([
  ['back 45 s', -45_000],
  ['back 10 min', -10 * 60_000],
  ['back 2 h', -2 * 3_600_000],
  ['forward 8 days', 8 * day],
])('the wall clock stepped %s under a running receiver', (name, stepMs) => {
  it(
    'delivers as soon as the API is back, reports the real age, dead-letters nothing',
    { timeout: 60_000 },
    async () => {
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
      vi.setSystemTime(Date.now())
      const receiver = await start(await createTestStoreLocation('sqlite'))
      api.setMode({ kind: 'failing' })
      const webhooks = signedWebhooks(50, secret, { prefix: `clock-${name}` })
      const run = await sendConcurrently(`${receiver.url}/`, webhooks, 10)
      const answered = run.answers.filter((answer) => answer.status === 200).map((answer) => answer.webhook)
      expect(answered).toHaveLength(50)
      // Backing off: tries failed, the next one is due.
      await pause(2500)
      expect((await health(receiver)).delivery).toMatchObject({ failing: true })

      vi.setSystemTime(Date.now() + stepMs)
      await pause(1500)
      const report = await health(receiver)
      // About 4 s since the calls were stored, whatever the wall clock says now.
      expect(report.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(3)
      expect(report.oldestQueuedAgeSeconds).toBeLessThan(30)
      expect(report.deadLetters).toBe(0)

      const before = api.receivedEvents
      api.setMode({ kind: 'up' })
      const back = performance.now()
      await api.waitFor(
        () => answered.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
        20_000,
      )
      const deliveredInMs = Math.round(performance.now() - back)
      // The backoff is at most 1 s here: delivered within its wait, not the size of the step.
      expect(deliveredInMs).toBeLessThan(3000)
      expect((await health(receiver)).deadLetters).toBe(0)
      const delivered = answered.flatMap((webhook) => webhook.expectedMessageIds)
      const counts = {
        webhooks: 50,
        answered: answered.length,
        delivered: delivered.filter((id) => api.events.has(id)).length,
        duplicates: api.receivedEvents - before - delivered.length,
        losses: delivered.filter((id) => !api.events.has(id)).length,
      }
      reportScenario(`2 (wall clock ${name})`, counts, {
        deliveredInMsAfterApiBack: deliveredInMs,
        deadLetters: 0,
        oldestQueuedAgeSecondsAfterStep: report.oldestQueuedAgeSeconds,
      })
      expect(counts).toMatchObject({ answered: 50, duplicates: 0, losses: 0 })
    },
  )
})

describe('a receiver started with the clock 8 days ahead of the one that stored the calls', () => {
  it(
    'delivers them (they were never tried past the retention) instead of dead-lettering them',
    { timeout: 60_000 },
    async () => {
      const store = await createTestStoreLocation('sqlite')
      const first = await start(store)
      api.setMode({ kind: 'failing' })
      const webhooks = signedWebhooks(50, secret, { prefix: 'clock-restart' })
      const run = await sendConcurrently(`${first.url}/`, webhooks, 10)
      const answered = run.answers.filter((answer) => answer.status === 200).map((answer) => answer.webhook)
      await pause(1500)
      await first.close({ timeoutMs: 500 })
      receivers.splice(receivers.indexOf(first), 1)

      api.setMode({ kind: 'up' })
      const received = api.receivedEvents
      const second = await start(store, 8 * day)
      await api.waitFor(
        () => answered.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
        20_000,
      )
      expect(await health(second)).toMatchObject({ queued: 0, deadLetters: 0 })
      const counts = scenarioCounts(api, webhooks, answered)
      const expected = answered.flatMap((webhook) => webhook.expectedMessageIds).length
      reportScenario(
        '2 (restarted 8 days ahead)',
        { ...counts, duplicates: api.receivedEvents - received - expected },
        { deadLetters: 0 },
      )
      expect(api.receivedEvents - received).toBe(expected)
      expect(counts).toMatchObject({ answered: 50, losses: 0 })
    },
  )
})
