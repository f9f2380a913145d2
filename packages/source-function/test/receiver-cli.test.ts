/**
 * The BUILT command (`dist/cli.mjs`, the package's `bin`) as users run it, in a child process on
 * loopback, forwarding to the local tracking-API stand-in (Segment's cloud cannot be reached here).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { postWebhook } from '../bench/load-driver'
import { signedWebhooks } from '../bench/signed-webhooks'
import { startTrackingApiStandIn, type TrackingApiStandIn } from './tracking-api-stand-in'

const cliPath = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url))
const children: ChildProcessWithoutNullStreams[] = []
const standIns: TrackingApiStandIn[] = []

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

function runCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
  children.push(child)
  const logs: Record<string, unknown>[] = []
  const waiting: {
    predicate: (entry: Record<string, unknown>) => boolean
    resolve: (entry: Record<string, unknown>) => void
  }[] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return // --help prints text
    const entry = JSON.parse(line) as Record<string, unknown>
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
      const cli = runCli(['serve', '--host', '127.0.0.1'], {
        PORT: '0',
        SEGMENT_WRITE_KEY: trackingApi.writeKey,
        SEGMENT_HOST: trackingApi.url,
        FINGERPRINT_WEBHOOK_SECRET: secret,
      })
      const listening = await cli.nextLog((entry) => entry.event === 'listening')
      const url = `${String(listening.url)}/`

      const [webhook] = signedWebhooks(1, secret, { prefix: 'cli' })
      if (!webhook) throw new Error('no webhook')
      expect((await postWebhook(url, webhook)).status).toBe(200)
      expect([...trackingApi.events.keys()].sort()).toEqual([...webhook.expectedMessageIds].sort())
      expect((await postWebhook(url, { ...webhook, body: `${webhook.body} ` })).status).toBe(401)
      expect((await fetch(new URL('/health', url))).status).toBe(200)
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

  it('prints the usage for --help', async () => {
    const { code, stdout } = await output(runCli(['--help'], {}).child)
    expect(code).toBe(0)
    expect(stdout).toMatch(/Usage: fingerprint-segment serve/)
  })

  it(
    'exits 2 with a clear message without a write key or for a setting with a wrong value, 1 when it cannot start',
    { timeout: 20_000 },
    async () => {
      const missing = await output(runCli(['serve'], {}).child)
      expect(missing.code).toBe(2)
      expect(missing.stderr).toMatch(/SEGMENT_WRITE_KEY/)
      const wrong = await output(
        runCli(['serve', '--port', '0', '--replayed-events', 'keep'], { SEGMENT_WRITE_KEY: 'k' }).child,
      )
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toMatch(
        /^fingerprint-segment: --replayed-events must be one of 'flag', 'drop', got "keep"\./,
      )
      // TEST-NET-3: an address this machine does not have, so listening fails at once.
      const cannotListen = await output(
        runCli(['serve', '--port', '0', '--host', '203.0.113.1'], { SEGMENT_WRITE_KEY: 'k' }).child,
      )
      expect(cannotListen.code).toBe(1)
      expect(cannotListen.stderr).toMatch(/^fingerprint-segment: listen E/)
      const version = await output(runCli(['--version'], {}).child)
      expect(version.code).toBe(0)
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    },
  )
})
