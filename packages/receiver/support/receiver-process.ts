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
  /** The JS heap in use (the main thread's), from the receiver's `/metrics` (prom-client's process metrics). */
  heapUsedBytes(): Promise<number>
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
}

/** How a receiver that could not start ended. */
export interface FailedStart {
  readonly code: number | null
  readonly stderr: string
}

const running = new Set<ChildProcessWithoutNullStreams>()

function spawnReceiver(options: ReceiverProcessOptions): ChildProcessWithoutNullStreams {
  const args = [cliPath, 'serve', '--host', '127.0.0.1', '--port', '0']
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
    async heapUsedBytes() {
      const metrics = await (await fetch(`${String(entry.url)}/metrics`)).text()
      const value = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1]
      if (value === undefined) throw new Error('the receiver reports no nodejs_heap_size_used_bytes on /metrics')
      return Number(value)
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
