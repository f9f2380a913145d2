/**
 * A full disk without root: a store whose every write (a commit of calls, a settle, a purge, a
 * probe) fails with SQLite's own full-disk error while `full` is on, as a store on a full volume
 * does; reads go on. The same scenario on a real full volume (a 3 MB tmpfs, as root):
 * test/disk-full.durability.test.ts.
 */
import type { CallStore, ClaimedCalls } from '../src/store/call-store'
import { StoreUnavailableError } from '../src/store/store-errors'

export interface WriteFaults {
  /** While true, every write fails. */
  full: boolean
  /** Writes refused so far. */
  readonly refused: number
  /** `store` with the faults applied. */
  wrap(store: CallStore): CallStore
}

export function createWriteFaults(): WriteFaults {
  let refused = 0
  const faults: WriteFaults = {
    full: false,
    get refused() {
      return refused
    },
    wrap(store) {
      const write = <Result>(what: string, work: () => Promise<Result>): Promise<Result> => {
        if (!faults.full) return work()
        refused++
        return Promise.reject(
          new StoreUnavailableError(
            `The SQLite store ${store.description} could not ${what}: database or disk is full`,
          ),
        )
      }
      const claimWith = (claim: ClaimedCalls): ClaimedCalls => ({
        calls: claim.calls,
        settle: (outcome) => write('record deliveries', () => claim.settle(outcome)),
      })
      return {
        description: store.description,
        enqueue: (calls) => write('commit calls', () => store.enqueue(calls)),
        claim: (limit) => store.claim(limit).then(claimWith),
        purge: (before, maxRows) => write('purge old calls', () => store.purge(before, maxRows)),
        stats: () => store.stats(),
        deadLetters: (filter, limit) => store.deadLetters(filter, limit),
        requeueDeadLetters: (filter) => write('requeue dead letters', () => store.requeueDeadLetters(filter)),
        purgeDeadLetters: (filter) => write('purge dead letters', () => store.purgeDeadLetters(filter)),
        checkWritable: () => write('write', () => store.checkWritable()),
        close: () => store.close(),
      }
    },
  }
  return faults
}
