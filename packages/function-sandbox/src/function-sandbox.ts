/**
 * Runs a BUILT pasteable bundle (e.g. `packages/source-function/dist/segment-source-function.js`)
 * the way Segment's Functions runtime does: a `node:vm` context holding only the globals that runtime documents (a collecting
 * `Segment`, its error classes, fetch, crypto, Buffer, URL, URLSearchParams, Headers, atob/btoa,
 * timers, console). An accidental `require`, `import` or missing global fails here, not in production.
 * Used by the tests, the demo's function host and the benchmarks.
 */
import * as nodeCrypto from 'node:crypto'
import { readFileSync } from 'node:fs'
import vm from 'node:vm'

/** One call the function made on the `Segment` global. */
export interface EmittedCall {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias' | 'set'
  payload: Record<string, unknown>
}

/** A webhook as it reaches the function. */
export interface SandboxRequest {
  /** The raw body, exactly as sent. */
  body: string
  headers?: Record<string, string>
  url?: string
}

export interface SandboxResult {
  calls: EmittedCall[]
  /** The error the function threw, if any: `name` is the runtime's class name. */
  error?: { name: string; message: string; isRuntimeClass: boolean }
  /** console output, one entry per call. */
  logs: string[]
}

export interface FunctionSandbox {
  /** Runs `onRequest(request, settings)` once, collecting its calls, error and logs. */
  run(request: SandboxRequest, settings?: Record<string, unknown>): Promise<SandboxResult>
}

const runtimeErrorNames = [
  'ValidationError',
  'InvalidEventPayload',
  'EventNotSupported',
  'InvalidSettings',
  'RetryError',
] as const

/** Loads the bundle once; each `run` gets a fresh `Segment` collector and log. */
export function loadFunctionSandbox(bundlePath: string): FunctionSandbox {
  const source = readFileSync(bundlePath, 'utf8')
  let calls: EmittedCall[] = []
  let logs: string[] = []
  const collect = (type: EmittedCall['type']) => (payload: Record<string, unknown>) => {
    calls.push({ type, payload: structuredClone(payload) })
  }
  const log =
    (level: string) =>
    (...parts: unknown[]) =>
      logs.push(`${level}: ${parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}`)

  const errorClasses: Record<string, new (message?: string) => Error> = {}
  for (const name of runtimeErrorNames) {
    errorClasses[name] = {
      [name]: class extends Error {
        override name = name
      },
    }[name] as new (message?: string) => Error
  }

  const context = vm.createContext({
    Segment: {
      identify: collect('identify'),
      track: collect('track'),
      page: collect('page'),
      screen: collect('screen'),
      group: collect('group'),
      alias: collect('alias'),
      set: collect('set'),
    },
    ...errorClasses,
    fetch,
    crypto: nodeCrypto,
    Buffer,
    URL,
    URLSearchParams,
    Headers,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
  })
  vm.runInContext(source, context, { filename: 'segment-source-function.js' })
  const onRequest: unknown = vm.runInContext('typeof onRequest === "function" ? onRequest : undefined', context)
  if (typeof onRequest !== 'function') throw new Error(`${bundlePath} does not define a top-level onRequest function.`)

  return {
    async run(request, settings = {}) {
      calls = []
      logs = []
      const headers = new Headers(request.headers)
      const url = new URL(request.url ?? 'https://fn.segmentapis.example/webhook')
      const functionRequest = {
        headers,
        url,
        // Segment's own examples call json() without await: the shim returns synchronously.
        json: () => JSON.parse(request.body) as unknown,
        text: () => Promise.resolve(request.body),
      }
      let error: SandboxResult['error']
      try {
        await (onRequest as (request: unknown, settings: unknown) => Promise<unknown>)(functionRequest, settings)
      } catch (thrown) {
        const name =
          thrown instanceof Error || (typeof thrown === 'object' && thrown !== null)
            ? String((thrown as { name?: unknown }).name)
            : typeof thrown
        const message =
          typeof thrown === 'object' && thrown !== null
            ? String((thrown as { message?: unknown }).message)
            : String(thrown)
        const RuntimeClass = errorClasses[name]
        error = { name, message, isRuntimeClass: RuntimeClass !== undefined && thrown instanceof RuntimeClass }
      }
      return error === undefined ? { calls, logs } : { calls, error, logs }
    },
  }
}
