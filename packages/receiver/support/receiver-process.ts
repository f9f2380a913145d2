/**
 * The BUILT command (`dist/cli.mjs serve`) in a child process on loopback, as users run it: for the
 * tests that kill it (SIGKILL), restart it on the same store, or run two of them on one database.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const cliPath = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url))
const liveHeapProbePath = fileURLToPath(new URL('./live-heap-probe.mjs', import.meta.url))

export interface ReceiverProcess {
  readonly child: ChildProcessWithoutNullStreams
  /** Its process id (the node process itself: no shell in between). */
  readonly pid: number
  /** Where to POST webhooks, e.g. `http://127.0.0.1:4321/`. */
  readonly url: string
  /** Its JSON log lines so far. */
  readonly logs: Record<string, unknown>[]
  /** Resident memory now, in bytes (Linux /proc). */
  rssBytes(): number
  /**
   * The main thread's JS heap in use right after a full garbage collection: its live data. Needs
   * `liveHeapProbe: true` (otherwise it throws).
   */
  liveHeapBytes(): Promise<number>
  /** SIGKILL: no shutdown, no flush, nothing written after. */
  kill(): Promise<void>
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<number | null>
  /** Resolves with the exit code once it exited. */
  readonly exited: Promise<number | null>
  /** What it wrote on stderr so far. */
  stderr(): string
}

export interface ReceiverProcessOptions {
  store: string
  trackingApiUrl: string
  writeKey: string
  webhookSecret: string
  /** More variables (RECEIVER_* settings). */
  env?: Record<string, string>
  /** Its open-file limit (`ulimit -n`, set by a shell that then execs node). @default the test's own */
  openFileLimit?: number
  /**
   * Starts node with `--expose-gc` and `support/live-heap-probe.mjs`, for `liveHeapBytes()`: a test
   * aid, not how users run it. @default false
   */
  liveHeapProbe?: boolean
}

/** How a receiver that could not start ended. */
export interface FailedStart {
  readonly code: number | null
  readonly stderr: string
}

const running = new Set<ChildProcessWithoutNullStreams>()

function spawnReceiver(options: ReceiverProcessOptions): ChildProcessWithoutNullStreams {
  const probe = options.liveHeapProbe === true ? ['--expose-gc', '--import', liveHeapProbePath] : []
  const args = [...probe, cliPath, 'serve', '--host', '127.0.0.1', '--port', '0']
  const command =
    options.openFileLimit === undefined
      ? { file: process.execPath, args }
      : {
          file: 'bash',
          args: ['-c', `ulimit -n ${options.openFileLimit} && exec "$0" "$@"`, process.execPath, ...args],
        }
  return spawn(command.file, command.args, {
    env: {
      PATH: process.env.PATH ?? '',
      SEGMENT_WRITE_KEY: options.writeKey,
      SEGMENT_HOST: options.trackingApiUrl,
      FINGERPRINT_WEBHOOK_SECRET: options.webhookSecret,
      FINGERPRINT_SEGMENT_STORE: options.store,
      ...options.env,
    },
  })
}

/** Starts `fingerprint-segment serve` expecting it to refuse: resolves with its exit code and stderr. */
export async function startReceiverProcessExpectingFailure(options: ReceiverProcessOptions): Promise<FailedStart> {
  const child = spawnReceiver(options)
  running.add(child)
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.resume()
  const [code] = (await once(child, 'exit')) as [number | null]
  running.delete(child)
  return { code, stderr }
}

/** Starts `fingerprint-segment serve` and resolves once it listens (rejects if it exits first, or after 20 s). */
export async function startReceiverProcess(options: ReceiverProcessOptions): Promise<ReceiverProcess> {
  const child = spawnReceiver(options)
  running.add(child)
  child.once('exit', () => running.delete(child))
  const logs: Record<string, unknown>[] = []
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the receiver did not listen within 20 s: ${stderr}`)), 20_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the receiver exited (${String(code)}) before listening: ${stderr}`))
    })
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>
      try {
        entry = JSON.parse(line) as Record<string, unknown>
      } catch {
        return
      }
      logs.push(entry)
      if (entry.event === 'listening') {
        clearTimeout(timer)
        resolve(entry)
      }
    })
  })
  const entry = await listening
  const pid = child.pid ?? 0
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
  return {
    child,
    pid,
    exited,
    stderr: () => stderr,
    url: `${String(entry.url)}/`,
    logs,
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
      return Number(kilobytes ?? 0) * 1024
    },
    async liveHeapBytes() {
      if (options.liveHeapProbe !== true)
        throw new Error('liveHeapBytes() needs a receiver started with liveHeapProbe: true')
      const readings = (): string[] => [...stderr.matchAll(/^live-heap-probe (\d+)$/gm)].map((match) => match[1] ?? '')
      const before = readings().length
      child.kill('SIGUSR2')
      const started = Date.now()
      while (readings().length === before) {
        if (Date.now() - started > 10_000)
          throw new Error(`the receiver did not report its live heap within 10 s: ${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return Number(readings()[before])
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      const exited = once(child, 'exit') as Promise<[number | null]>
      child.kill('SIGTERM')
      const [code] = await exited
      return code
    },
  }
}

/** Kills every receiver process still running (for `afterEach`). */
export async function killReceiverProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }),
  )
}
