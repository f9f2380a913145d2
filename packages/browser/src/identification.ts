import type { FingerprintAgent, SegmentTag } from './agent-types'
import { toFingerprintStamp, type FingerprintStamp } from './fingerprint-stamp'
import type { FailureKind } from './options'
import type { Reporter } from './report-once'
import { TIMED_OUT, timeoutError, waitAtMost } from './timeout'

/** What the identification needs from either agent. */
interface TaggableAgent {
  get(options: { tag: SegmentTag }): Promise<unknown>
}

/** Identifications shared by every event of one identity. */
export interface Identification {
  /**
   * The stamp of the identification of `identity`. The first call for an identity starts one
   * `get()` with the tag `makeTag()` resolves to; every later call for the same identity shares it
   * (in flight or done). A call for another identity starts a new one. Waits at most until `timeout`
   * ms after the identification started (after that, answers at once: the stamp if the
   * identification has completed since); resolves to `undefined` when it timed out or failed.
   * Never rejects.
   */
  stampFor(identity: string, makeTag: () => Promise<SegmentTag>): Promise<FingerprintStamp | undefined>
}

interface Attempt {
  identity: string
  /** The identification's outcome, or `TIMED_OUT` at its deadline: one timer, however many events wait. */
  bounded: Promise<FingerprintStamp | undefined | typeof TIMED_OUT>
  /** The stamp, once an identification that outlived its deadline completes. */
  late?: FingerprintStamp
}

/** Runs identifications against `agent` (loaded or loading), reporting failures through `report`. */
export function createIdentification(
  agent: FingerprintAgent | PromiseLike<FingerprintAgent>,
  timeout: number,
  report: Reporter,
): Identification {
  // Both agents take a JSON tag. Analytics.js state is JSON (it lives in cookies and localStorage),
  // but `SegmentIntegration` types it as `unknown`, which the v4 `TagValue` type does not accept.
  const agentReady = Promise.resolve(agent) as Promise<unknown> as Promise<TaggableAgent>
  // Marks a load failure as handled now; it is reported when an identification needs the agent.
  agentReady.catch(() => undefined)
  let current: Attempt | undefined

  async function identify(makeTag: () => Promise<SegmentTag>): Promise<FingerprintStamp | undefined> {
    const tag = makeTag()
    tag.catch(() => undefined) // handled below; not left unhandled when the agent failed first
    let failure: FailureKind = 'agent-load'
    try {
      const loaded = await agentReady
      failure = 'identification'
      return toFingerprintStamp(await loaded.get({ tag: await tag }))
    } catch (error) {
      report(error, failure)
      return undefined
    }
  }

  return {
    async stampFor(identity, makeTag) {
      if (current?.identity !== identity) {
        const stamp = identify(makeTag)
        const attempt: Attempt = { identity, bounded: waitAtMost(stamp, timeout) }
        void stamp.then((done) => (attempt.late = done))
        current = attempt
      }
      const attempt = current
      const outcome = await attempt.bounded
      if (outcome !== TIMED_OUT) return outcome
      // Past the deadline nothing waits on the identification (a hung one would collect a reaction per
      // event): the stamp if it completed since, else nothing. The timeout is reported (once) either way.
      report(timeoutError('the Fingerprint agent', timeout), 'timeout')
      return attempt.late
    },
  }
}
