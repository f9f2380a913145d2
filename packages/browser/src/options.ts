import type { FingerprintAgent } from './agent-types'
import type { SegmentEventFields } from './analytics-types'
import { deepMerge } from './merge'

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
  /** The Segment payload could not be built (e.g. reading Analytics.js, the `identityProof` or the `consent` function threw). */
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

/** Where the plugin keeps the last identification between page loads, or `false` to keep none. */
export type IdentificationCache = 'sessionStorage' | 'localStorage' | false

/**
 * Whether the visitor allows identification: the name of a Segment consent category (read from the
 * event's `context.consent.categoryPreferences`, which Segment's consent tools stamp on every event),
 * or a function of the event answering synchronously.
 */
export type ConsentRequirement = string | ((event: SegmentEventFields) => boolean)

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
   * At most 10000 (the agents' own `get()` timeout). Whatever this is, events are released at once
   * when the page is being left, and at most half of Analytics.js's own `timeout` (150 ms of 300)
   * after a click or a form submission, before `trackLink` / `trackForm` navigate.
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
  /**
   * Where the last identification (visitorId, requestId, the identity it was made for, when) is kept,
   * so that later page loads of the same identity are stamped from it without calling the agent:
   * one billed identification per session and identity instead of one per page load. A new
   * `userId`, group or `reset()` identifies again. `false`: every page load identifies. When the
   * storage throws (Safari private mode, Brave), the identification lives in the page's memory only.
   * @default 'sessionStorage'
   */
  cache?: IdentificationCache
  /**
   * How long, in milliseconds, a kept identification stamps later page loads, counted from when it
   * was made. At most 43200000 (12 hours, Fingerprint's longest cache duration).
   * @default 3600000 (1 hour, Fingerprint's 'optimize-cost' duration)
   */
  cacheTtl?: number
  /**
   * Identify only with the visitor's consent: a Segment consent category name (e.g. `'Analytics'`,
   * read from each event's `context.consent.categoryPreferences`) or a function of the event. Without
   * consent, no `get()` runs, the agent is not awaited, and events go on unstamped and undelayed;
   * the first event with consent starts an identification. An event without consent also drops the
   * kept identification.
   * @default undefined (identification does not wait for consent)
   */
  consent?: ConsentRequirement
}

/** Options of `withSegment`. */
export interface WithSegmentOptions {
  /**
   * How long, in milliseconds, `get()` waits for a buffered `AnalyticsBrowser` to answer (it never
   * does when Analytics.js is blocked; past it, `get()` goes on without the Segment payload) and for
   * `identityProof` (past it, the payload goes without the proof). At most 10000.
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

/** Validated options, defaults applied. */
export interface ResolvedOptions {
  timeout: number
  onError: ErrorHandler | undefined
  identityProof: IdentityProof | undefined
  forward: readonly ForwardedCall[]
  cache: IdentificationCache
  cacheTtl: number
  consent: ConsentRequirement | undefined
}

/** The calls `forward` may hold. */
const FORWARDABLE: readonly unknown[] = ['page', 'track'] satisfies ForwardedCall[]
/** The values `cache` may take. */
const CACHES: readonly unknown[] = [false, 'sessionStorage', 'localStorage'] satisfies IdentificationCache[]

/**
 * Validates the options of `withSegment` (`where`) or `fingerprintPlugin` (which also takes a
 * promise of the agent and the plugin's own options), applying the defaults; throws a `TypeError`
 * naming the first invalid option: `[fingerprint-segment] <where>: option "<option>" must be <expected>`.
 */
export function resolveOptions(
  where: 'withSegment' | 'fingerprintPlugin',
  agent: unknown,
  options: Partial<FingerprintPluginOptions> | undefined,
): ResolvedOptions {
  const plugin = where == 'fingerprintPlugin'
  const { get, then } = Object(agent) as { get?: unknown; then?: unknown }
  // The defaults; an option given as `undefined` keeps its default.
  const resolved = deepMerge<ResolvedOptions & Record<string, unknown>>(
    { timeout: 1000, forward: [], cache: 'sessionStorage', cacheTtl: 3_600_000 },
    options,
  )
  const check = (option: string, valid: unknown, expected: string): void => {
    if (!valid) throw new TypeError(`[fingerprint-segment] ${where}: option "${option}" must be ${expected}`)
  }
  /** A number of milliseconds from 0 to `max`. */
  const milliseconds = (option: string, max: number): void => {
    const value = resolved[option]
    check(option, typeof value == 'number' && value >= 0 && value <= max, `0 to ${max} (ms)`)
  }
  /** `undefined` or a value of one of the `typeof` names in `types`. */
  const optional = (option: string, types: string): void => {
    const value = resolved[option]
    check(option, value === undefined || types.includes(typeof value), `a ${types.replace(' ', ' or a ')}`)
  }
  check('options', typeof options == 'object' && options, 'an object')
  check(
    'agent',
    typeof get == 'function' || (plugin && typeof then == 'function'),
    `a Fingerprint agent${plugin ? ' or a promise of one' : ''}`,
  )
  milliseconds('timeout', 10_000)
  optional('onError', 'function')
  optional('identityProof', 'string function')
  const { forward, cache } = resolved
  check(
    'forward',
    Array.isArray(forward) && forward.every((call) => FORWARDABLE.includes(call)),
    `an array of ${JSON.stringify(FORWARDABLE)}`,
  )
  check('cache', CACHES.includes(cache), `one of ${JSON.stringify(CACHES)}`)
  milliseconds('cacheTtl', 43_200_000)
  optional('consent', 'string function')
  return resolved
}
