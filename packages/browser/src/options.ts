import type { FingerprintAgent } from './agent-types'
import type { SegmentEventFields } from './analytics-types'

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

/** Validated options of `fingerprintPlugin`, defaults applied. */
export interface ResolvedOptions extends FingerprintPluginOptions {
  timeout: number
  forward: readonly ForwardedCall[]
  cache: IdentificationCache
  cacheTtl: number
}

/** Throws `[fingerprint-segment] <where>: option "<option>" must be <expected>` unless `valid`: the template of every TypeError of the package. */
export function check(where: string, option: string, valid: unknown, expected: string): void {
  if (!valid) throw new TypeError(`[fingerprint-segment] ${where}: option "${option}" must be ${expected}`)
}

/** Checks that `value` is a number of milliseconds from 0 to `max`. */
function checkMilliseconds(where: string, option: string, value: unknown, max: number): void {
  check(where, option, typeof value == 'number' && value >= 0 && value <= max, `0 to ${max} (ms)`)
}

/** Checks that `value` is `undefined`, or of one of the space-separated `typeof` names in `types`. */
function checkOptional(where: string, option: string, value: unknown, types: string): void {
  check(where, option, value === undefined || types.includes(typeof value), `a ${types.replace(' ', ' or a ')}`)
}

/** Whether `value` has a method `name`: `get` for a loaded agent, `then` for a promise of one. */
const hasMethod = (value: unknown, name: 'get' | 'then'): boolean =>
  typeof (Object(value) as Record<string, unknown>)[name] == 'function'

/** The calls `forward` may hold. */
const FORWARDABLE: readonly unknown[] = ['page', 'track'] satisfies ForwardedCall[]
/** The values `cache` may take. */
const CACHES: readonly unknown[] = [false, 'sessionStorage', 'localStorage'] satisfies IdentificationCache[]

/**
 * The options of `fingerprintPlugin`, validated in the order of the type, defaults applied (an
 * option given as `undefined` keeps its default). Throws a `TypeError` naming the first invalid one.
 */
export function resolvePluginOptions(options: FingerprintPluginOptions): ResolvedOptions {
  const where = 'fingerprintPlugin'
  check(where, 'options', typeof (options as unknown) == 'object' && options, 'an object')
  const {
    agent,
    timeout = 1000,
    onError,
    forward = [],
    identityProof,
    cache = 'sessionStorage',
    cacheTtl = 3_600_000,
    consent,
  } = options
  check(where, 'agent', hasMethod(agent, 'get') || hasMethod(agent, 'then'), 'a Fingerprint agent or a promise of one')
  checkMilliseconds(where, 'timeout', timeout, 10_000)
  checkOptional(where, 'onError', onError, 'function')
  checkOptional(where, 'identityProof', identityProof, 'string function')
  check(
    where,
    'forward',
    Array.isArray(forward) && forward.every((call) => FORWARDABLE.includes(call)),
    `an array of ${JSON.stringify(FORWARDABLE)}`,
  )
  check(where, 'cache', CACHES.includes(cache), `one of ${JSON.stringify(CACHES)}`)
  checkMilliseconds(where, 'cacheTtl', cacheTtl, 43_200_000)
  checkOptional(where, 'consent', consent, 'string function')
  return { ...options, timeout, forward, cache, cacheTtl }
}

/** The options of `withSegment`, validated, defaults applied; `agent` must be a loaded agent. */
export function resolveWithSegmentOptions(
  agent: unknown,
  options: WithSegmentOptions | undefined,
): WithSegmentOptions & { timeout: number } {
  const where = 'withSegment'
  const given = (options ?? {}) as unknown
  check(where, 'options', typeof given == 'object' && given, 'an object')
  check(where, 'agent', hasMethod(agent, 'get'), 'a Fingerprint agent')
  const { timeout = 1000, onError, identityProof } = given as WithSegmentOptions
  checkMilliseconds(where, 'timeout', timeout, 10_000)
  checkOptional(where, 'onError', onError, 'function')
  checkOptional(where, 'identityProof', identityProof, 'string function')
  return { ...(given as WithSegmentOptions), timeout }
}
