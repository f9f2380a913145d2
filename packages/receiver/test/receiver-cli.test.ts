/**
 * The BUILT command (`dist/cli.mjs`, the package's `bin`) as users run it, in a child process on
 * loopback, forwarding to the local tracking-API stand-in (Segment's cloud cannot be reached here).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { postWebhook, serverApiPreloadPath } from '@fingerprint-segment/test-kit'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { startServerApiStandIn } from '@fingerprint-segment/test-kit'
import { createTestStoreLocation, removeTestStores } from './test-stores'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

const cliPath = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url))
const children: ChildProcessWithoutNullStreams[] = []
const standIns: TrackingApiStandIn[] = []

afterAll(removeTestStores)

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const standIn of standIns.splice(0)) await standIn.close()
})

interface CliRun {
  child: ChildProcessWithoutNullStreams
  /** JSON log lines written so far. */
  logs: Record<string, unknown>[]
  /** Resolves with the first log line matching `predicate`. */
  nextLog(predicate: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
}

function runCli(args: string[], env: Record<string, string>, execArgv: string[] = []): CliRun {
  const child = spawn(process.execPath, [...execArgv, cliPath, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  })
  children.push(child)
  const logs: Record<string, unknown>[] = []
  const waiting: {
    predicate: (entry: Record<string, unknown>) => boolean
    resolve: (entry: Record<string, unknown>) => void
  }[] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    // Log lines are JSON objects; --help prints text, and status pretty-printed JSON.
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      return
    }
    if (typeof parsed !== 'object' || parsed === null) return
    const entry = parsed as Record<string, unknown>
    logs.push(entry)
    for (const waiter of waiting.filter((candidate) => candidate.predicate(entry))) {
      waiting.splice(waiting.indexOf(waiter), 1)
      waiter.resolve(entry)
    }
  })
  return {
    child,
    logs,
    nextLog: (predicate) => {
      const found = logs.find(predicate)
      return found ? Promise.resolve(found) : new Promise((resolve) => waiting.push({ predicate, resolve }))
    },
  }
}

async function output(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

describe('fingerprint-segment (built CLI)', () => {
  // Generous timeout: a child process starts slowly on a loaded machine.
  it(
    'serves from environment variables, forwards a signed webhook, answers health, and shuts down on SIGTERM',
    { timeout: 20_000 },
    async () => {
      const trackingApi = await startTrackingApiStandIn()
      standIns.push(trackingApi)
      const secret = 'cli-secret'
      const store = await createTestStoreLocation('sqlite')
      const cli = runCli(['serve', '--host', '127.0.0.1'], {
        PORT: '0',
        SEGMENT_WRITE_KEY: trackingApi.writeKey,
        SEGMENT_HOST: trackingApi.url,
        FINGERPRINT_WEBHOOK_SECRET: secret,
        FINGERPRINT_SEGMENT_STORE: store,
      })
      const listening = await cli.nextLog((entry) => entry.event === 'listening')
      expect(listening).toMatchObject({ level: 'info', store, webhookSignatures: 'checked' })
      const url = `${String(listening.url)}/`

      const [webhook] = signedWebhooks(1, secret, { prefix: 'cli' })
      if (!webhook) throw new Error('no webhook')
      expect((await postWebhook(url, webhook)).status).toBe(200)
      await trackingApi.waitFor(() => trackingApi.events.size === webhook.expectedMessageIds.length)
      expect([...trackingApi.events.keys()].sort()).toEqual([...webhook.expectedMessageIds].sort())
      expect((await postWebhook(url, { ...webhook, body: `${webhook.body} ` })).status).toBe(401)
      const health = await fetch(new URL('/health', url))
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({ status: 'ok', queued: 0, deadLetters: 0 })
      expect(await cli.nextLog((entry) => entry.event === 'webhook' && entry.status === 200)).toMatchObject({
        requestId: webhook.eventId,
        calls: webhook.expectedMessageIds.length,
      })

      const exited = once(cli.child, 'exit')
      cli.child.kill('SIGTERM')
      expect(await exited).toEqual([0, null])
      expect(cli.logs.map((entry) => entry.event)).toEqual(['listening', 'webhook', 'webhook', 'shutdown', 'shutdown'])
    },
  )

  it('warns at start-up when webhooks are not authenticated at all', { timeout: 20_000 }, async () => {
    const cli = runCli(['serve', '--host', '127.0.0.1', '--port', '0'], {
      SEGMENT_WRITE_KEY: 'k',
      FINGERPRINT_SEGMENT_STORE: await createTestStoreLocation('sqlite'),
    })
    const listening = await cli.nextLog((entry) => entry.event === 'listening')
    expect(listening).toMatchObject({
      level: 'warn',
      webhookSignatures: 'not checked',
      message: expect.stringMatching(/signatures NOT checked .*NOT authenticated at all/),
    })
    const exited = once(cli.child, 'exit')
    cli.child.kill('SIGTERM')
    expect(await exited).toEqual([0, null])
  })

  it('prints the usage for --help', async () => {
    const { code, stdout } = await output(runCli(['--help'], {}).child)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: fingerprint-segment <command>/)
    expect(stdout).toMatch(/Options of backfill:[\s\S]*--since/)
  })

  it(
    'backfill stores the events of a range from the Server API; a second run stores nothing; status prints the queue',
    { timeout: 30_000 },
    async () => {
      const api = await startServerApiStandIn()
      try {
        const now = Date.now()
        for (let index = 0; index < 7; index++) {
          api.store(
            withSegmentPayload(
              {
                ...officialFixture('v4/webhook.json'),
                event_id: `${now}.backfill${index}`,
                timestamp: now - index * 60_000,
              },
              { anonymousId: `ajs-backfill-${index}`, track: { event: 'Recovered' } },
            ),
          )
        }
        const store = await createTestStoreLocation('sqlite')
        // The child process reaches the stand-in through its fetch: a preload routes Fingerprint's hosts to it.
        const preload = serverApiPreloadPath
        const env = {
          FINGERPRINT_SERVER_API_KEY: api.secretKey,
          FINGERPRINT_SEGMENT_STORE: store,
          SERVER_API_STAND_IN: api.origin,
        }
        const first = runCli(['backfill', '--since', '1h'], env, ['--import', preload])
        const done = await first.nextLog((entry) => entry.event === 'backfill' && /^done/.test(String(entry.message)))
        expect(done).toMatchObject({ events: 7, stored: 14, duplicates: 0, refused: 0 })
        expect(await once(first.child, 'exit')).toEqual([0, null])

        const second = runCli(['backfill', '--since', '1h'], env, ['--import', preload])
        expect(
          await second.nextLog((entry) => entry.event === 'backfill' && /^done/.test(String(entry.message))),
        ).toMatchObject({ events: 7, stored: 0, duplicates: 14 })

        const status = await output(runCli(['status'], { FINGERPRINT_SEGMENT_STORE: store }).child)
        expect(status.code).toBe(0)
        expect(JSON.parse(status.stdout)).toEqual({
          store,
          queued: 14,
          oldestQueuedAgeSeconds: expect.any(Number),
          deadLetters: 0,
          newestDeadLetters: [],
        })
      } finally {
        await api.close()
      }
    },
  )

  it(
    'exits 2 with a clear message without a write key or for a setting with a wrong value, 1 when it cannot start',
    { timeout: 20_000 },
    async () => {
      const missing = await output(runCli(['serve'], {}).child)
      expect(missing.code).toBe(2)
      expect(missing.stderr).toMatch(/SEGMENT_WRITE_KEY/)
      const noKey = await output(runCli(['backfill', '--since', '2h'], {}).child)
      expect(noKey.code).toBe(2)
      expect(noKey.stderr).toMatch(/--server-api-key or FINGERPRINT_SERVER_API_KEY/)
      const noStore = await output(
        runCli(['serve', '--port', '0'], {
          SEGMENT_WRITE_KEY: 'k',
          FINGERPRINT_SEGMENT_STORE: 'sqlite:/no/such/dir/q.db',
        }).child,
      )
      expect(noStore.code).toBe(1)
      expect(noStore.stderr).toMatch(/The SQLite store \/no\/such\/dir\/q\.db cannot be opened/)
      const wrong = await output(
        runCli(['serve', '--port', '0', '--replayed-events', 'keep'], {
          SEGMENT_WRITE_KEY: 'k',
          FINGERPRINT_SEGMENT_STORE: await createTestStoreLocation('sqlite'),
        }).child,
      )
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toMatch(
        /^fingerprint-segment: --replayed-events must be one of 'flag', 'drop', got "keep"\./,
      )
      // TEST-NET-3: an address this machine does not have, so listening fails at once.
      const cannotListen = await output(
        runCli(['serve', '--port', '0', '--host', '203.0.113.1'], {
          SEGMENT_WRITE_KEY: 'k',
          FINGERPRINT_SEGMENT_STORE: await createTestStoreLocation('sqlite'),
        }).child,
      )
      expect(cannotListen.code).toBe(1)
      expect(cannotListen.stderr).toMatch(/^fingerprint-segment: listen E/)
      const version = await output(runCli(['--version'], {}).child)
      expect(version.code).toBe(0)
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    },
  )
})
