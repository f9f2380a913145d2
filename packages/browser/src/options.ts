import type { FingerprintAgent } from './agent-types'

/** What went wrong, as passed to `onError`. Each kind is reported at most once per plugin or wrapped agent. */
export type FailureKind =
  /** The agent promise rejected: the agent script was blocked (ad blocker, CSP) or failed to load. */
  | 'agent-load'
  /** `get()` rejected (network error, invalid key, rate limit, ...). */
  | 'identification'
  /** The agent (or, for `withSegment`, the buffered Analytics.js) did not answer within `timeout`. */
  | 'timeout'
  /** The Segment payload could not be built (e.g. the `identityProof` function threw). */
  | 'payload'

/** Receives failures. Whatever it throws is ignored. */
export type ErrorHandler = (error: unknown, kind: FailureKind) => void

/**
 * A token minted by the site's own server proving the signed-in `userId`, sent as the payload's
 * `identityProof` (the source function verifies it). A function is called at every identification,
 * so a fresh token can be fetched.
 */
export type IdentityProof = string | (() => string | undefined | PromiseLike<string | undefined>)

/** The Analytics.js calls the plugin can also forward to the server as Segment specs. */
export type ForwardedCall = 'page' | 'track'

/** Options of `fingerprintPlugin`. */
export interface FingerprintPluginOptions {
  /**
   * The Fingerprint agent: a loaded v3 or v4 agent, or a promise of one (e.g. `FingerprintJS.load(...)`
   * without `await`, so Analytics.js starts without waiting for it). Required.
   */
  agent: FingerprintAgent | PromiseLike<FingerprintAgent>
  /**
   * How long, in milliseconds, events wait for an identification (counted from its start, the
   * agent's loading included) before they are sent without `context.fingerprint`. Later events are
   * stamped once it completes. `0` never delays an event.
   * @default 1000
   */
  timeout?: number
  /**
   * Called once per failure kind: the agent failed to load, `get()` failed, or the wait timed out.
   * Events always go on; nothing is thrown into the page.
   * @default undefined (failures are silent)
   */
  onError?: ErrorHandler
  /**
   * The calls that, when they trigger an identification, are also put in its payload as `page` /
   * `track` specs, so the server emits them again with Fingerprint data. Off by default because
   * Analytics.js already sends them.
   * @default []
   */
  forward?: readonly ForwardedCall[]
  /**
   * Proof of the signed-in user's id, minted by your server; sent as the payload's `identityProof`.
   * @default undefined (no proof is sent)
   */
  identityProof?: IdentityProof
}

/** Options of `withSegment`. */
export interface WithSegmentOptions {
  /**
   * How long, in milliseconds, `get()` waits for a buffered `AnalyticsBrowser` to answer (it never
   * does when Analytics.js is blocked) or for `identityProof`; past it, `get()` goes on without the
   * Segment payload.
   * @default 1000
   */
  timeout?: number
  /**
   * Called once per failure kind (`'timeout'` or `'payload'`); `get()` still runs.
   * @default undefined (failures are silent)
   */
  onError?: ErrorHandler
  /**
   * Proof of the signed-in user's id, minted by your server; sent as the payload's `identityProof`
   * unless the caller's own tag sets one.
   * @default undefined (no proof is sent)
   */
  identityProof?: IdentityProof
}

/** Defaults of the options above. */
export const DEFAULT_TIMEOUT = 1000

function fail(where: string, option: string, expected: string, value: unknown): never {
  const got = typeof value === 'function' ? 'a function' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  throw new TypeError(`[fingerprint-segment] ${where}: option "${option}" must be ${expected}, got ${got}`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}

/** Validated common options, defaults applied. */
export interface ResolvedCommonOptions {
  timeout: number
  onError: ErrorHandler | undefined
  identityProof: IdentityProof | undefined
}

function resolveCommon(where: string, options: WithSegmentOptions): ResolvedCommonOptions {
  const { timeout = DEFAULT_TIMEOUT, onError, identityProof } = options
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0) {
    fail(where, 'timeout', 'a finite number of milliseconds >= 0', timeout)
  }
  if (onError !== undefined && typeof onError !== 'function') fail(where, 'onError', 'a function', onError)
  if (identityProof !== undefined && typeof identityProof !== 'string' && typeof identityProof !== 'function') {
    fail(where, 'identityProof', 'a string or a function returning one', identityProof)
  }
  return { timeout, onError, identityProof }
}

/** Validates `withSegment` options; throws a `TypeError` naming the first invalid option. */
export function resolveWithSegmentOptions(options: WithSegmentOptions | undefined): ResolvedCommonOptions {
  if (options !== undefined && !isObject(options)) fail('withSegment', 'options', 'an object', options)
  return resolveCommon('withSegment', options ?? {})
}

/** Validated plugin options, defaults applied. */
export interface ResolvedPluginOptions extends ResolvedCommonOptions {
  agent: FingerprintAgent | PromiseLike<FingerprintAgent>
  forward: readonly ForwardedCall[]
}

/** Validates `fingerprintPlugin` options; throws a `TypeError` naming the first invalid option. */
export function resolvePluginOptions(options: FingerprintPluginOptions): ResolvedPluginOptions {
  const where = 'fingerprintPlugin'
  if (!isObject(options)) fail(where, 'options', 'an object with at least "agent"', options)
  const { agent, forward = [] } = options
  const isAgent = isObject(agent) && typeof agent.get === 'function'
  const isThenable = isObject(agent) && typeof agent.then === 'function'
  if (!isAgent && !isThenable) fail(where, 'agent', 'a Fingerprint agent (with get()) or a promise of one', agent)
  if (!Array.isArray(forward) || !forward.every((call) => call === 'page' || call === 'track')) {
    fail(where, 'forward', "an array of 'page' and/or 'track'", forward)
  }
  return { ...resolveCommon(where, options), agent, forward }
}
