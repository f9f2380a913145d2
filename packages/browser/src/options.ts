import type { FingerprintAgent } from './agent-types'

/** What went wrong, as passed to `onError`. Each kind is reported at most once per plugin or wrapped agent. */
export type FailureKind =
  /**
   * The agent promise rejected: the v3 agent script was blocked (ad blocker, CSP) or failed to load.
   * The v4 agent starts synchronously and reports a failed load from `get()`: `'identification'`.
   */
  | 'agent-load'
  /** `get()` rejected (network error, invalid key, rate limit, ...). */
  | 'identification'
  /** The agent, the `identityProof` function or (for `withSegment`) the buffered Analytics.js did not answer within `timeout`. */
  | 'timeout'
  /** The Segment payload could not be built (e.g. reading Analytics.js or the `identityProof` function threw). */
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
   * stamped once it completes. `0`: events do not wait beyond the current turn of the event loop.
   * @default 1000
   */
  timeout?: number
  /**
   * Called once per failure kind (see `FailureKind`): the agent failed to load, `get()` failed, a
   * wait timed out, or the payload could not be built. Events always go on; nothing is thrown into the page.
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
   * A function is awaited at most `timeout` ms; if it throws or does not answer in time, the
   * identification goes on without the proof.
   * @default undefined (no proof is sent)
   */
  identityProof?: IdentityProof
}

/** Options of `withSegment`. */
export interface WithSegmentOptions {
  /**
   * How long, in milliseconds, `get()` waits for a buffered `AnalyticsBrowser` to answer (it never
   * does when Analytics.js is blocked; past it, `get()` goes on without the Segment payload) and for
   * `identityProof` (past it, the payload goes without the proof).
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

/** Validated options, defaults applied. */
export interface ResolvedOptions {
  timeout: number
  onError: ErrorHandler | undefined
  identityProof: IdentityProof | undefined
  forward: readonly ForwardedCall[]
}

/**
 * Validates the options of `withSegment` (`where`) or `fingerprintPlugin` (which also takes a
 * promise of the agent, and `forward`); throws a `TypeError` naming the first invalid option.
 */
export function resolveOptions(
  where: 'withSegment' | 'fingerprintPlugin',
  agent: unknown,
  options: Partial<FingerprintPluginOptions> | undefined,
): ResolvedOptions {
  const plugin = where === 'fingerprintPlugin'
  /** Throws a `TypeError` naming the option unless `ok`. */
  const check = (ok: unknown, option: string, expected: string): void => {
    if (!ok) throw new TypeError(`[fingerprint-segment] ${where}: option "${option}" must be ${expected}`)
  }
  check(typeof options === 'object' && options, 'options', 'an object')
  const { timeout = DEFAULT_TIMEOUT, onError, identityProof, forward = [] } = options ?? {}
  const { get, then } = Object(agent) as { get?: unknown; then?: unknown }
  check(
    typeof get === 'function' || (plugin && typeof then === 'function'),
    'agent',
    `a Fingerprint agent${plugin ? ' or a promise of one' : ''}`,
  )
  check(Number.isFinite(timeout) && timeout >= 0, 'timeout', 'a number of milliseconds >= 0')
  check(onError === undefined || typeof onError === 'function', 'onError', 'a function')
  check(
    identityProof === undefined || typeof identityProof === 'string' || typeof identityProof === 'function',
    'identityProof',
    'a string or a function',
  )
  check(
    Array.isArray(forward) && forward.every((call) => call === 'page' || call === 'track'),
    'forward',
    "an array of 'page' and/or 'track'",
  )
  return { timeout, onError, identityProof, forward }
}
