/**
 * Issue 21, 6: SIGTERM in the middle of a burst. The built command, started as the README says
 * (node runs the command itself: the signal reaches it, no wrapper left running), gets SIGTERM
 * while 50 webhooks are in flight: it answers every one, delivers or keeps what it stored, and exits
 * within its shutdown bound. A restart on the same store delivers anything left; nothing twice.
 */
import { postWebhook, signedWebhooks, startTrackingApiStandIn, type WebhookAnswer } from '@fingerprint-segment/test-kit'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { killReceiverProcesses, startReceiverProcess } from '../support/receiver-process'
import { reportScenario, scenarioCounts } from '../support/scenario-counts'
import { createTestStoreLocation, removeTestStores } from './test-stores'

const secret = 'graceful-secret'
afterEach(killReceiverProcesses)
afterAll(removeTestStores)

describe('SIGTERM during a burst', () => {
  it('answers all 50 webhooks in flight, exits 0 within the bound, and loses nothing', async () => {
    const api = await startTrackingApiStandIn()
    try {
      const store = await createTestStoreLocation('sqlite')
      const start = () =>
        startReceiverProcess({
          store,
          trackingApiUrl: api.url,
          writeKey: api.writeKey,
          webhookSecret: secret,
          env: { RECEIVER_SHUTDOWN_TIMEOUT_MS: '8000', RECEIVER_MAX_RETRY_DELAY_MS: '1000' },
        })
      const receiver = await start()
      // Deliveries slow: a batch is on its way when the signal comes.
      api.setMode({ kind: 'slow', delayMs: 300 })
      const webhooks = signedWebhooks(50, secret, { prefix: 'sigterm', tagPaddingBytes: 2000 })
      const answers: Promise<WebhookAnswer>[] = []
      for (const [index, webhook] of webhooks.entries()) {
        answers.push(postWebhook(receiver.url, webhook).catch(() => ({ webhook, status: 0, latencyMs: Number.NaN })))
        // The signal lands in the middle of the burst: 25 requests sent, 25 on their way after it.
        if (index === 24) receiver.child.kill('SIGTERM')
      }
      const signalledAt = Date.now()
      const statuses = (await Promise.all(answers)).map((answer) => answer.status)
      const code = await receiver.exited
      const stopMs = Date.now() - signalledAt
      const resets = statuses.filter((status) => status === 0).length
      const answered = webhooks.filter((_, index) => statuses[index] === 200)

      // Every request in flight when the signal came is answered, and stored: none reset.
      expect(statuses).toEqual(webhooks.map(() => 200))
      expect(code).toBe(0)
      expect(stopMs).toBeLessThan(9000)
      const shutdown = receiver.logs.filter((entry) => entry.event === 'shutdown')
      expect(shutdown.length).toBe(2)

      // What was not delivered before the exit waits in the store: the next start sends it.
      api.setMode({ kind: 'up' })
      const again = await start()
      const refused = webhooks.filter((_, index) => statuses[index] !== 200)
      const retried = await Promise.all(refused.map((webhook) => postWebhook(again.url, webhook)))
      expect(retried.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([])
      await api.waitFor(
        () => webhooks.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
        30_000,
      )
      expect(await again.stop()).toBe(0)
      const counts = scenarioCounts(api, webhooks, answered)
      reportScenario('6 (SIGTERM mid-burst)', counts, { resets, stopMs })
      expect(counts).toMatchObject({ webhooks: 50, duplicates: 0, losses: 0 })
    } finally {
      await api.close()
    }
  })
})
