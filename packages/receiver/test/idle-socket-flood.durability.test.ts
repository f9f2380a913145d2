/**
 * Issue 21, 5: idle sockets must not cost real webhooks. The built receiver runs with 1,024 file
 * descriptors (`ulimit -n 1024`) while 1,100 idle connections are held against it (each reopened as
 * soon as it is closed); 300 real webhooks sent meanwhile are all answered 200 (before: 10% reset).
 */
import { signedWebhooks, sendConcurrently, startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { floodWithIdleSockets } from '../support/idle-socket-flood'
import { killReceiverProcesses, startReceiverProcess } from '../support/receiver-process'
import { reportScenario, scenarioCounts } from '../support/scenario-counts'
import { createTestStoreLocation, removeTestStores } from './test-stores'

const secret = 'flood-secret'
afterEach(killReceiverProcesses)
afterAll(removeTestStores)

describe('an idle-socket flood up to the descriptor limit', () => {
  it(
    '1,100 idle connections held against 1,024 descriptors: every real webhook answered 200',
    { timeout: 120_000 },
    async () => {
      const api = await startTrackingApiStandIn()
      const receiver = await startReceiverProcess({
        store: await createTestStoreLocation('sqlite'),
        trackingApiUrl: api.url,
        writeKey: api.writeKey,
        webhookSecret: secret,
        openFileLimit: 1024,
      })
      const flood = floodWithIdleSockets(Number(new URL(receiver.url).port), 1100)
      try {
        const listening = receiver.logs.find((entry) => entry.event === 'listening')
        expect(listening?.maxConnections).toBe(960)
        // The flood is at full strength before the webhooks come.
        const started = Date.now()
        while (flood.open < 900 && Date.now() - started < 20_000)
          await new Promise((resolve) => setTimeout(resolve, 50))
        expect(flood.open).toBeGreaterThanOrEqual(900)

        const webhooks = signedWebhooks(300, secret, { prefix: 'flood' })
        const run = await sendConcurrently(receiver.url, webhooks, 10)
        const statuses: Record<number, number> = {}
        for (const answer of run.answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
        const answered = run.answers.filter((answer) => answer.status === 200).map((answer) => answer.webhook)
        await api.waitFor(
          () => answered.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
          30_000,
        )
        const counts = scenarioCounts(api, webhooks, answered)
        reportScenario('5 (1,100 idle sockets, 1,024 descriptors)', counts, {
          shareAnswered200: answered.length / webhooks.length,
          statuses,
          idleSocketsHeldAtEnd: flood.open,
          floodReconnects: flood.reconnects,
        })
        expect(statuses).toEqual({ 200: 300 })
        expect(counts).toMatchObject({ webhooks: 300, answered: 300, duplicates: 0, losses: 0 })
      } finally {
        flood.stop()
        await receiver.stop()
        await api.close()
      }
    },
  )
})
