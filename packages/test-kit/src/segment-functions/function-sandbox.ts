/**
 * Runs a BUILT pasteable bundle (e.g. `packages/source-function/dist/segment-source-function.js`)
 * the way Segment's Functions runtime does (segmentio/functions-library, buildpack "boreal"): the
 * code wrapped in a function scope and run in a `node:vm` context holding only the globals that
 * runtime documents (a `Segment` that checks calls like Segment's, its error classes, fetch, Node's
 * crypto module, Buffer, URL, URLSearchParams, Headers, atob/btoa, timers, console). An accidental
 * `require`, `import` or missing global fails here, not in production.
 *
 * Two modes, as Segment has two places a function runs:
 * - `deployed` (the default): what a deployed source function gets. Segment parses the body and
 *   "alphabetizes payload fields" at every level; `request.json()` is that object and
 *   `request.text()` is `JSON.stringify` of it: NOT the bytes the sender signed.
 * - `tester`: the Functions editor's tester, which hands the body over as it was sent.
 *
 * Used by the tests, the demo's function host and the benchmarks.
 */
import * as nodeCrypto from 'node:crypto'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import vm from 'node:vm'
import { segmentLimits } from '@fingerprint-segment/source-function/internal'

/** One call the function made on the `Segment` global. */
export interface EmittedCall {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias' | 'set'
  payload: Record<string, unknown>
}

/** A webhook as it reaches Segment's webhook URL. */
export interface SandboxRequest {
  /** The raw body, exactly as the sender sent it. */
  body: string
  headers?: Record<string, string>
  /** The webhook URL with its query string. @default a Segment-like webhook URL without extra parameters */
  url?: string
}

export interface SandboxResult {
  /**
   * Set when Segment's runtime refuses the request before the function runs (a body over
   * Segment's 512 KiB limit), with the HTTP status the sender gets.
   */
  refused?: { status: number; message: string }
  calls: EmittedCall[]
  /** The error the function threw, if any: `name` is the runtime's class name. */
  error?: { name: string; message: string; isRuntimeClass: boolean }
  /** console output, one entry per call. */
  logs: string[]
}

/** Where the function runs in Segment. */
export type SandboxMode = 'deployed' | 'tester'

export interface FunctionSandboxOptions {
  /** @default 'deployed' */
  mode?: SandboxMode
  /**
   * The runtime's `fetch`. Tests and the demo pass one that routes Fingerprint's Server API to a
   * local stand-in (Fingerprint's cloud cannot be reached from here). @default Node's fetch
   */
  fetch?: typeof fetch
}

export interface FunctionSandbox {
  readonly mode: SandboxMode
  /** Runs `onRequest(request, settings)` once, collecting its calls, error and logs. */
  run(request: SandboxRequest, settings?: Record<string, unknown>): Promise<SandboxResult>
  /**
   * Builds the request Segment's runtime hands `onRequest` (in deployed mode: the body parsed, its
   * keys sorted) once, and returns a `run` that calls the function with it: for benchmarks that
   * time the function's run alone, not the runtime's request construction. The body object is
   * shared by every run, as a function must never change it.
   */
  prepare(request: SandboxRequest, settings?: Record<string, unknown>): PreparedRun
}

/** One request, built once, run as often as asked (see `FunctionSandbox.prepare`). */
export interface PreparedRun {
  run(): Promise<TimedSandboxResult>
}

/** What a prepared run gives: the result, and how long the function itself took. */
export interface TimedSandboxResult extends SandboxResult {
  /**
   * Milliseconds from calling `onRequest` to its promise settling: the function's own run, with its
   * calls on `Segment`; neither the request's construction nor the copying of the calls for the result.
   */
  functionMs: number
}

/** A webhook URL like the ones Segment gives a source function. */
export const segmentWebhookUrl = 'https://fn.segmentapis.com/?b=ZmluZ2VycHJpbnQtc2VnbWVudA'

const runtimeErrorNames = [
  'ValidationError',
  'InvalidEventPayload',
  'EventNotSupported',
  'InvalidSettings',
  'RetryError',
] as const

/**
 * A deep copy of parsed JSON with the keys of every object in alphabetical order, as Segment hands
 * a deployed function its body. Iterative: a body nested thousands of levels deep is copied
 * without overflowing the stack (the function's own limits are what such a body tests).
 */
export function withSortedKeys(value: unknown): unknown {
  const root: { value: unknown } = { value: undefined }
  const pending: { source: unknown; target: Record<string, unknown> | unknown[]; key: string | number }[] = [
    { source: value, target: root, key: 'value' },
  ]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, target, key } = next
    let copy: unknown = source
    if (Array.isArray(source)) {
      const array: unknown[] = new Array<unknown>(source.length)
      source.forEach((item, index) => pending.push({ source: item, target: array, key: index }))
      copy = array
    } else if (typeof source === 'object' && source !== null) {
      const object: Record<string, unknown> = {}
      for (const name of Object.keys(source).sort()) {
        // defineProperty: a "__proto__" key stays an own key, as JSON.parse made it.
        Object.defineProperty(object, name, { value: undefined, enumerable: true, writable: true, configurable: true })
        pending.push({ source: (source as Record<string, unknown>)[name], target: object, key: name })
      }
      copy = object
    }
    ;(target as Record<string | number, unknown>)[key] = copy
  }
  return root.value
}

/** Loads the bundle once; each `run` gets a fresh `Segment` collector and log. */
export function loadFunctionSandbox(bundlePath: string, options: FunctionSandboxOptions = {}): FunctionSandbox {
  return loadFunctionSandboxFromCode(readFileSync(bundlePath, 'utf8'), options, bundlePath)
}

/**
 * Loads a function's code given as text (e.g. the code a Public API stand-in recorded), as
 * `loadFunctionSandbox` loads a file; `name` is how errors call it.
 */
export function loadFunctionSandboxFromCode(
  source: string,
  options: FunctionSandboxOptions = {},
  name = 'the function code',
): FunctionSandbox {
  const mode = options.mode ?? 'deployed'
  let calls: EmittedCall[] = []
  let logs: string[] = []
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
  const ValidationError = errorClasses.ValidationError as new (message?: string) => Error

  /**
   * Segment's checks on a call (the shim's `common`, `assertExists`): the call is refused, not
   * recorded. A call is recorded as the function handed it over and copied when the run is over.
   */
  const collect =
    (type: EmittedCall['type'], required: readonly string[] = []) =>
    (payload: Record<string, unknown>) => {
      if (type !== 'set' && !payload.userId && !payload.anonymousId) {
        throw new ValidationError('One of userId,anonymousId is required but not defined')
      }
      for (const field of required) {
        if (payload[field] === undefined || payload[field] === '') {
          throw new ValidationError(`${field} is required but not defined`)
        }
      }
      calls.push({ type, payload })
    }

  const window: Record<string, unknown> = {
    Segment: {
      identify: collect('identify'),
      track: collect('track', ['event']),
      page: collect('page'),
      screen: collect('screen'),
      group: collect('group', ['groupId']),
      alias: collect('alias', ['previousId']),
      set: collect('set', ['collection', 'id']),
    },
    ...errorClasses,
    fetch: options.fetch ?? fetch,
    crypto: nodeCrypto,
    Buffer,
    URL,
    URLSearchParams,
    Headers,
    atob,
    btoa,
    // The host's timers as they are when called, so a test's fake clock (vi.useFakeTimers) runs the
    // function's time too.
    setTimeout: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      globalThis.setTimeout(callback, ms, ...args),
    clearTimeout: (timer?: ReturnType<typeof setTimeout>) => globalThis.clearTimeout(timer),
    setInterval: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      globalThis.setInterval(callback, ms, ...args),
    clearInterval: (timer?: ReturnType<typeof setInterval>) => globalThis.clearInterval(timer),
    console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
  }
  // The shim copies its window rather than sharing it, and wraps the code in a function called
  // with `this` = that copy: top-level declarations are local to that function.
  const globals = { ...window, window }
  const context = vm.createContext(globals)
  const wrapped = `(function (__exports, onRequest) {\n${source}\n;__exports.onRequest = onRequest;\n})`
  const moduleFunction = vm.runInContext(wrapped, context, {
    filename: 'segment-source-function.js',
    lineOffset: -1,
  }) as (this: unknown, exports: Record<string, unknown>, onRequest: unknown) => void
  const exports: Record<string, unknown> = {}
  moduleFunction.call(window, exports, undefined)
  const onRequest = exports.onRequest
  if (typeof onRequest !== 'function') throw new Error(`${name} does not define a top-level onRequest function.`)

  const refusal = (request: SandboxRequest): SandboxResult['refused'] =>
    Buffer.byteLength(request.body, 'utf8') > segmentLimits.functionBodyBytes
      ? { status: 413, message: `The body is over Segment's ${segmentLimits.functionBodyBytes / 1024} KiB limit.` }
      : undefined

  async function runFunction(
    functionRequest: object,
    settings: Record<string, unknown>,
  ): Promise<{ result: SandboxResult; functionMs: number }> {
    calls = []
    logs = []
    let error: SandboxResult['error']
    const started = performance.now()
    let functionMs = 0
    try {
      await (onRequest as (request: unknown, settings: unknown) => Promise<unknown>)(functionRequest, settings)
      functionMs = performance.now() - started
    } catch (thrown) {
      functionMs = performance.now() - started
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
    // Copied into this realm only now, like a runtime that sends the calls once the function is done.
    const emitted = calls.map(({ type, payload }) => ({ type, payload: structuredClone(payload) }))
    return { result: error === undefined ? { calls: emitted, logs } : { calls: emitted, error, logs }, functionMs }
  }

  return {
    mode,
    run(request, settings = {}) {
      const refused = refusal(request)
      if (refused) return Promise.resolve({ refused, calls: [], logs: [] })
      return runFunction(serverRequest(request, mode), settings).then(({ result }) => result)
    },
    prepare(request, settings = {}) {
      const refused = refusal(request)
      if (refused) return { run: () => Promise.resolve({ refused, calls: [], logs: [], functionMs: 0 }) }
      const functionRequest = serverRequest(request, mode)
      return {
        run: () => runFunction(functionRequest, settings).then(({ result, functionMs }) => ({ ...result, functionMs })),
      }
    },
  }
}

/**
 * The request object Segment hands `onRequest` (the shim's `ServerRequest`): `json()` and `text()`
 * answer synchronously; `headers` is a `Headers`, `url` a `URL`.
 */
function serverRequest(request: SandboxRequest, mode: SandboxMode): object {
  const headers = new Headers(request.headers)
  const url = new URL(request.url ?? segmentWebhookUrl)
  if (mode === 'tester') {
    return { headers, url, json: (): unknown => JSON.parse(request.body), text: () => request.body }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(request.body)
  } catch {
    // Not JSON: handed over as text, as the shim does with a string body.
    return { headers, url, json: (): unknown => JSON.parse(request.body), text: () => request.body }
  }
  const body = withSortedKeys(parsed)
  return { headers, url, json: () => body, text: () => JSON.stringify(body) }
}
