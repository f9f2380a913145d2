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
  // `TypeError(...)` is `new TypeError(...)`, in fewer bytes.
  if (!valid) throw TypeError(`[fingerprint-segment] ${where}: option "${option}" must be ${expected}`)
}

/** How an option is checked: its default, the test its value must pass, and what it must be (for the message). */
export type OptionRule = readonly [fallback: unknown, valid: (value: unknown) => unknown, expected: string]

/** A number of milliseconds from 0 to `max`, `fallback` by default. */
export const milliseconds = (fallback: number, max: number): OptionRule => [
  fallback,
  (value) => typeof value == 'number' && value >= 0 && value <= max,
  `0 to ${max} (ms)`,
]

/** Optional (`undefined`), or of one of the space-separated `typeof` names in `types`. */
export const optional = (types: string): OptionRule => [
  undefined,
  (value) => value === undefined || types.includes(typeof value),
  `a ${types.replace(' ', ' or a ')}`,
]

/** Whether `value` has a method `name`: `get` for a loaded agent, `then` for a promise of one. */
export const hasMethod = (value: unknown, name: 'get' | 'then'): boolean =>
  typeof (Object(value) as Record<string, unknown>)[name] == 'function'

/** The options `fingerprintPlugin` and `withSegment` share, in the order of their types. */
export const SHARED_RULES = {
  timeout: milliseconds(1000, 10_000),
  onError: optional('function'),
  identityProof: optional('string function'),
}

/**
 * `options` checked by `rules`, in their order, defaults applied (an option given as `undefined`
 * keeps its default), other keys kept. Throws a `TypeError` naming the first invalid option.
 */
export function resolveOptions(where: string, options: unknown, rules: Record<string, OptionRule>): unknown {
  check(where, 'options', typeof options == 'object' && options, 'an object')
  const resolved: Record<string, unknown> = { ...(options as object) }
  for (const option in rules) {
    const [fallback, valid, expected] = rules[option] as OptionRule
    const { [option]: value = fallback } = options as Record<string, unknown>
    check(where, option, valid(value), expected)
    resolved[option] = value
  }
  return resolved
}
