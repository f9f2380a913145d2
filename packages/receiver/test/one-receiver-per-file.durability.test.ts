/**
 * Issue 21, 4: one SQLite file, one receiver. A second receiver on the same file is refused at start
 * with a clear message (PostgreSQL is the way to run several), so no call is sent twice; the commands
 * an operator runs beside a receiver (`status`, `dead-letters`) still work; a receiver killed with
 * SIGKILL leaves no stale lock.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sendConcurrently, signedWebhooks, startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  killReceiverProcesses,
  startReceiverProcess,
  startReceiverProcessExpectingFailure,
} from '../support/receiver-process'
import { reportScenario, scenarioCounts } from '../support/scenario-counts'
import { createTestStoreLocation, removeTestStores } from './test-stores'

const secret = 'one-receiver-secret'
const cliPath = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url))
afterEach(killReceiverProcesses)
afterAll(removeTestStores)

describe('two receivers on one SQLite file', () => {
  it(
    'refuses the second at start, saying why; the first delivers 1,000 webhooks once each',
    { timeout: 120_000 },
    async () => {
      const api = await startTrackingApiStandIn()
      try {
        const store = await createTestStoreLocation('sqlite')
        const options = { store, trackingApiUrl: api.url, writeKey: api.writeKey, webhookSecret: secret }
        const first = await startReceiverProcess(options)
        const second = await startReceiverProcessExpectingFailure(options)
        expect(second.code).toBe(1)
        expect(second.stderr).toMatch(
          /^fingerprint-segment: Another receiver is running on the SQLite store .*queue\.db \(it holds .*queue\.db\.lock\)\. One SQLite file is for one receiver: stop the other one, or run several receivers on one PostgreSQL database/,
        )

        const webhooks = signedWebhooks(1000, secret, { prefix: 'one-file' })
        const run = await sendConcurrently(first.url, webhooks, 50)
        const answered = run.answers.filter((answer) => answer.status === 200).map((answer) => answer.webhook)
        expect(answered).toHaveLength(1000)
        await api.waitFor(
          () => webhooks.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
          60_000,
        )

        // Beside the running receiver: the commands that read or repair its store.
        const status = spawnSync(process.execPath, [cliPath, 'status', '--store', store], { encoding: 'utf8' })
        expect(status.status).toBe(0)
        expect(JSON.parse(status.stdout)).toMatchObject({ queued: 0, deadLetters: 0 })
        const letters = spawnSync(process.execPath, [cliPath, 'dead-letters', 'list', '--store', store], {
          encoding: 'utf8',
        })
        expect(letters.status).toBe(0)
        expect(JSON.parse(letters.stdout)).toMatchObject({ deadLetters: [] })

        // Killed: the operating system drops its lock, the next receiver starts.
        await first.kill()
        const after = await startReceiverProcess(options)
        expect(await after.stop()).toBe(0)

        const counts = scenarioCounts(api, webhooks, answered)
        reportScenario('4 (second receiver on one SQLite file)', counts, { secondReceiverExitCode: second.code })
        expect(counts).toEqual({
          webhooks: 1000,
          answered: 1000,
          delivered: webhooks.flatMap((webhook) => webhook.expectedMessageIds).length,
          duplicates: 0,
          losses: 0,
        })
      } finally {
        await api.close()
      }
    },
  )
})
