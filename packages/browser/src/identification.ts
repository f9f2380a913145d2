import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { FingerprintAgent, SegmentTag } from './agent-types'
import { toFingerprintStamp, type FingerprintStamp } from './fingerprint-stamp'
import type { FailureKind, ResolvedOptions } from './options'
import type { Reporter } from './report-once'
import { createSessionCache } from './session-cache'
import { waitAtMost } from './timeout'

/** What the identification needs from either agent. */
interface TaggableAgent {
  get(options: { tag: SegmentTag }): Promise<unknown>
}

/** Identifications shared by every event of one identity. */
export interface Identification {
  /**
   * The stamp for `identity`: from the identification in flight or done for an identity starting
   * with `identity` (a prefix matches when an event's group is unknown), else from the cache, else
   * from a new `get()` with the payload `makePayload()` resolves to as the tag's `integrations.segment`. Waits at most until `timeout` ms after
   * the identification started, or less after `leave()`; past that, answers at once (the stamp if
   * the identification has completed since). Resolves to `undefined` when it timed out, was
   * released or failed. Never rejects.
   */
  stampFor(identity: string, makePayload: () => Promise<SegmentIntegration>): Promise<FingerprintStamp | undefined>
  /**
   * The page may be left within `ms` milliseconds (`0`: now): the events waiting are released by
   * then (at once for `0`), and so are those of an identification started before then.
   */
  leave(ms: number): void
  /** Drops the identification of this page and the cached one (consent withdrawn). */
  forget(): void
}

interface Attempt {
  identity: string
  /**
   * The stamp, or `undefined` at the deadline or a release: one timer, however many events wait.
   * Once the identification is done, its result, at once.
   */
  stamp: Promise<FingerprintStamp | undefined>
  /** Releases the waiting events within `ms` (at once for `0`). */
  hurry(ms: number): unknown
}

const noop = (): void => undefined

/**
 * Runs identifications against `agent` (loaded or loading; awaited only once an identification
 * starts), keeping the last one as `cache` says, reporting failures through `report`.
 */
export function createIdentification(
  agent: FingerprintAgent | PromiseLike<FingerprintAgent>,
  { timeout, cache: storage, cacheTtl }: ResolvedOptions,
  report: Reporter,
): Identification {
  const cache = createSessionCache(storage, cacheTtl)
  // Both agents take a JSON tag. Analytics.js state is JSON (it lives in cookies and localStorage),
  // but `SegmentIntegration` types it as `unknown`, which the v4 `TagValue` type does not accept.
  const agentReady = Promise.resolve(agent) as Promise<unknown> as Promise<TaggableAgent>
  // Marks a load failure as handled now; it is reported when an identification needs the agent.
  agentReady.catch(noop)
  let current: Attempt | undefined
  /** Epoch ms by which the page may be left (after a click or a submission). */
  let leaveBy = 0

  async function identify(identity: string, makePayload: () => Promise<SegmentIntegration>) {
    const payload = makePayload()
    payload.catch(noop) // handled below; not left unhandled when the agent failed first
    let failure: FailureKind = 'agent-load'
    try {
      const loaded = await agentReady
      failure = 'identification'
      const stamp = toFingerprintStamp(await loaded.get({ tag: { integrations: { segment: await payload } } }))
      // Not kept once the identity changed or consent was withdrawn meanwhile.
      if (stamp && current?.identity == identity) cache.write({ ...stamp, identity, at: Date.now() })
      return stamp
    } catch (error) {
      report(error, failure)
      return undefined
    }
  }

  return {
    stampFor(identity, makePayload) {
      if (!current?.identity.startsWith(identity)) {
        const cached = cache.read(identity)
        const stamp = cached ? Promise.resolve(cached) : identify(identity, makePayload)
        let release: () => void = noop
        const attempt: Attempt = (current = {
          identity,
          stamp: Promise.race([
            waitAtMost(stamp, timeout, 'the Fingerprint agent', report),
            new Promise<undefined>((resolve) => (release = resolve as () => void)),
          ]),
          hurry: (ms) => (ms > 0 ? setTimeout(release, ms) : release()),
        })
        void stamp.then(() => (attempt.stamp = stamp))
        const untilLeave = leaveBy - Date.now()
        if (untilLeave >= 0) attempt.hurry(untilLeave)
      }
      return current.stamp
    },
    leave(ms) {
      leaveBy = Date.now() + ms
      current?.hurry(ms)
    },
    forget() {
      current = undefined
      cache.write()
    },
  }
}
