/**
 * Issue 21, 3: a damaged store must not look healthy. One page of the SQLite file overwritten:
 * the receiver refuses to start, saying what it found and the commands to inspect and recover the
 * file. A page damaged while it runs: readiness fails with the reason, nothing more is sent from
 * the file, webhooks are answered 503 (Fingerprint keeps them) instead of 200.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { postWebhook, sendConcurrently, signedWebhooks, startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  killReceiverProcesses,
  startReceiverProcess,
  startReceiverProcessExpectingFailure,
} from '../support/receiver-process'
import { reportScenario, scenarioCounts } from '../support/scenario-counts'
import { createTestStoreLocation, removeTestStores } from './test-stores'

const secret = 'damaged-secret'
const pageSize = 4096
afterEach(killReceiverProcesses)
afterAll(removeTestStores)

/** Overwrites pages of the file (all but the first, which holds the schema, when `every`), as a bad sector does. */
function damagePages(path: string, every: boolean): void {
  const pages = statSync(path).size / pageSize
  const file = openSync(path, 'r+')
  try {
    const targets = every ? Array.from({ length: pages - 1 }, (_, index) => index + 1) : [Math.floor(pages / 2)]
    for (const page of targets) writeSync(file, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize)
  } finally {
    closeSync(file)
  }
}

describe('a damaged SQLite store', () => {
  it(
    'with one page overwritten: refuses to start, with the commands to inspect and recover it',
    { timeout: 60_000 },
    async () => {
      const api = await startTrackingApiStandIn()
      try {
        const store = await createTestStoreLocation('sqlite')
        const options = { store, trackingApiUrl: api.url, writeKey: api.writeKey, webhookSecret: secret }
        const receiver = await startReceiverProcess(options)
        const webhooks = signedWebhooks(300, secret, { prefix: 'damaged-start', tagPaddingBytes: 1000 })
        const run = await sendConcurrently(receiver.url, webhooks, 20)
        const answered = run.answers.filter((answer) => answer.status === 200).map((answer) => answer.webhook)
        await api.waitFor(
          () => answered.flatMap((webhook) => webhook.expectedMessageIds).every((id) => api.events.has(id)),
          30_000,
        )
        expect(await receiver.stop()).toBe(0)

        damagePages(store.slice('sqlite:'.length), false)
        const refused = await startReceiverProcessExpectingFailure(options)
        expect(refused.code).toBe(1)
        expect(refused.stderr).toMatch(/cannot be opened: it is damaged \(/)
        expect(refused.stderr).toMatch(/Inspect it with: sqlite3 '.*queue\.db' 'PRAGMA integrity_check'/)
        const counts = scenarioCounts(api, webhooks, answered)
        reportScenario('3 (one page overwritten, at start)', counts, { startRefused: refused.code === 1 })
        expect(counts).toMatchObject({ webhooks: 300, answered: 300, duplicates: 0, losses: 0 })
      } finally {
        await api.close()
      }
    },
  )

  it(
    'damaged while it runs: readiness fails with the reason, nothing is sent from it, webhooks get 503',
    { timeout: 60_000 },
    async () => {
      const api = await startTrackingApiStandIn()
      try {
        const store = await createTestStoreLocation('sqlite')
        const path = store.slice('sqlite:'.length)
        const receiver = await startReceiverProcess({
          store,
          trackingApiUrl: api.url,
          writeKey: api.writeKey,
          webhookSecret: secret,
          env: { RECEIVER_MAX_RETRY_DELAY_MS: '500' },
        })
        api.setMode({ kind: 'failing' })
        const before = signedWebhooks(100, secret, { prefix: 'damaged-running', tagPaddingBytes: 1000 })
        const stored = await sendConcurrently(receiver.url, before, 20)
        expect(stored.answers.every((answer) => answer.status === 200)).toBe(true)

        // Everything checkpointed into the file (a connection beside the receiver), then its pages damaged.
        const side = new BetterSqlite3(path)
        side.pragma('wal_checkpoint(TRUNCATE)')
        side.close()
        damagePages(path, true)
        const ready = async (): Promise<{ status: number; body: Record<string, unknown> }> => {
          const response = await fetch(new URL('/health/ready', receiver.url))
          return { status: response.status, body: (await response.json()) as Record<string, unknown> }
        }
        // The next claim (a retry after the API's failure) reads the damaged pages.
        const started = Date.now()
        while ((await ready()).status === 200 && Date.now() - started < 20_000) {
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        expect(await ready()).toEqual({
          status: 503,
          body: { status: 'store failing', error: expect.stringMatching(/is damaged .*PRAGMA integrity_check/) },
        })
        api.setMode({ kind: 'up' })
        const requestsBefore = api.requests.length
        const [late] = signedWebhooks(1, secret, { prefix: 'damaged-late' })
        if (!late) throw new Error('no webhook')
        expect((await postWebhook(receiver.url, late)).status).toBe(503)
        await new Promise((resolve) => setTimeout(resolve, 2000))
        expect(api.requests.length).toBe(requestsBefore)
        const counts = scenarioCounts(api, [...before, late], [])
        // The 100 answered before the damage are in the damaged file: the operator recovers them (.recover).
        reportScenario('3 (damaged while running)', counts, {
          answeredBeforeDamage: 100,
          answeredAfterDamage: 0,
          sentFromDamagedStore: 0,
          waitingInDamagedFile: 100,
        })
        expect(counts).toMatchObject({ answered: 0, delivered: 0, duplicates: 0 })
      } finally {
        await api.close()
      }
    },
  )
})
