import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { FingerprintAgent, SegmentTag } from './agent-types'
import { toFingerprintStamp, type FingerprintStamp } from './fingerprint-stamp'
import type { FailureKind, ResolvedOptions } from './options'
import type { Reporter } from './report-once'
import { readCache, writeCache } from './session-cache'
import { waitAtMost } from './timeout'

/** What the identification needs from either agent. */
interface TaggableAgent {
  get(options: { tag: SegmentTag }): Promise<unknown>
}

/**
 * The stamp for `identity`: from the identification in flight or done for an identity starting
 * with `identity` (a prefix matches when an event's group is unknown), else from the cache, else
 * from a new `get()` with the payload `makePayload()` resolves to as the tag's `integrations.segment`.
 * Waits at most until `timeout` ms after the identification started, or less after `leave`; past
 * that, answers at once (the stamp if the identification has completed since). Resolves to
 * `undefined` when it timed out, was released or failed. Never rejects.
 */
export type StampFor = (
  identity: string,
  makePayload: () => Promise<SegmentIntegration>,
) => Promise<FingerprintStamp | undefined>

/**
 * Identifications shared by every event of one identity, as three functions:
 *
 * - `stampFor`, see `StampFor`;
 * - `leave(ms)`: the page may be left within `ms` milliseconds (`0`: now); every event waiting now
 *   is released by then (at once for `0`), whichever identification it waits for, and so are the
 *   later events of those identifications. `leave(0)` releases every event still waiting;
 *   identifications started after `leave(ms)` (a new identity) wait as usual;
 * - `forget()`: drops the identification of this page and the cached one (consent withdrawn).
 */
export type Identification = [stampFor: StampFor, leave: (ms: number) => void, forget: () => void]

/**
 * Runs identifications against `agent` (loaded or loading; awaited only once an identification
 * starts), keeping the last one as `cache` says, reporting failures through `report`.
 */
export function createIdentification(
  agent: FingerprintAgent | PromiseLike<FingerprintAgent>,
  { timeout, cache, cacheTtl }: ResolvedOptions,
  report: Reporter,
): Identification {
  // Both agents take a JSON tag. Analytics.js state is JSON (it lives in cookies and localStorage),
  // but `SegmentIntegration` types it as `unknown`, which the v4 `TagValue` type does not accept.
  const agentReady = Promise.resolve(agent) as Promise<unknown> as Promise<TaggableAgent>
  // Marks a load failure as handled now; it is reported when an identification needs the agent.
  agentReady.catch(() => undefined)
  // The identification of this page: the identity it is for, and its stamp (`undefined` at the
  // deadline or a release: one timer, however many events wait; once done, its result, at once).
  let identity: string | undefined
  let stamp: Promise<FingerprintStamp | undefined> | undefined
  /**
   * Resolves when the page may be left, releasing the identifications started since the last
   * `leave`: each races the `leaving` of its start. `releases` holds the resolvers of every
   * `leaving` not resolved yet, the current one last, so that `leave(0)` releases them all.
   */
  let leaving: Promise<undefined>
  const releases: (() => void)[] = []
  const renew = (): void => {
    leaving = new Promise((resolve) => releases.push(resolve as () => void))
  }
  renew()

  /** The kept stamp for `id`, or that of a new `get()`, kept unless the identity changed or consent was withdrawn meanwhile. */
  async function identify(id: string, makePayload: () => Promise<SegmentIntegration>) {
    let failure: FailureKind = 'payload'
    try {
      const cached = readCache(cache, cacheTtl, id)
      if (cached) return cached
      const segment = await makePayload()
      failure = 'agent-load'
      const loaded = await agentReady
      failure = 'identification'
      const result = toFingerprintStamp(await loaded.get({ tag: { integrations: { segment } } }))
      if (result && identity == id) writeCache(cache, { ...result, identity: id, at: Date.now() })
      return result
    } catch (error) {
      report(error, failure)
    }
  }

  return [
    (id, makePayload) => {
      if (!identity?.startsWith(id)) {
        identity = id
        const result = identify(id, makePayload)
        const waiting = (stamp = Promise.race([waitAtMost(result, timeout, 'the Fingerprint agent', report), leaving]))
        void result.then(() => {
          if (stamp == waiting) stamp = result
        })
      }
      // Set with `identity`.
      return stamp as Promise<FingerprintStamp | undefined>
    },
    (ms) => {
      const due = releases.splice(ms ? -1 : 0)
      const release = (): void => {
        for (const resolve of due) resolve()
      }
      if (ms) setTimeout(release, ms)
      else release()
      // Identifications started from now on race a new `leaving`.
      renew()
    },
    () => {
      identity = undefined
      writeCache(cache)
    },
  ]
}
