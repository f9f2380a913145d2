/**
 * A store seen through its outcomes: every write that succeeds or fails, and every damage met, goes
 * to the `StoreCondition`; every commit of calls is timed. The receiver uses its store only this way.
 */
import type { Clock } from '../lib/clock'
import type { CallStore, ClaimedCalls } from './call-store'
import type { StoreCondition } from './store-condition'

export interface StoreWatch {
  readonly condition: StoreCondition
  readonly clock: Clock
  /** A commit of calls took `durationMs` (group commit included), whether it succeeded or not. */
  readonly committed?: (durationMs: number, ok: boolean) => void
}

export function watchCallStore(store: CallStore, watch: StoreWatch): CallStore {
  const { condition } = watch
  async function observed<Result>(work: () => Promise<Result>, write: boolean): Promise<Result> {
    try {
      const result = await work()
      if (write) condition.wrote()
      return result
    } catch (error) {
      condition.failed(error, write)
      throw error
    }
  }
  const watchClaim = (claim: ClaimedCalls): ClaimedCalls => ({
    calls: claim.calls,
    settle: (outcome) => observed(() => claim.settle(outcome), true),
  })
  return {
    description: store.description,
    async enqueue(calls) {
      const started = watch.clock.now()
      let ok = false
      try {
        const result = await observed(() => store.enqueue(calls), calls.length > 0)
        ok = true
        return result
      } finally {
        if (calls.length > 0) watch.committed?.(watch.clock.now() - started, ok)
      }
    },
    claim: (limit) => observed(() => store.claim(limit), false).then(watchClaim),
    purge: (before, maxRows) => observed(() => store.purge(before, maxRows), true),
    stats: () => observed(() => store.stats(), false),
    deadLetters: (filter, limit) => observed(() => store.deadLetters(filter, limit), false),
    requeueDeadLetters: (filter) => observed(() => store.requeueDeadLetters(filter), true),
    purgeDeadLetters: (filter) => observed(() => store.purgeDeadLetters(filter), true),
    checkWritable: () => observed(() => store.checkWritable(), true),
    close: () => store.close(),
  }
}
