/**
 * What the receiver knows of its store from using it: whether its writes fail now (a full disk, a
 * database that refuses writes), until one succeeds again; and whether it is damaged (for good:
 * until it is repaired and the receiver restarted). Readiness, the deliverer and the metrics read it.
 */
import { describeError } from '../lib/describe-error'
import { StoreCorruptError } from './store-errors'

export interface StoreCondition {
  /** Why the last write failed, while no write has succeeded since. */
  readonly writeFailure: string | undefined
  /** Why the store is taken as damaged (a StoreCorruptError met); it stays so. */
  readonly damage: string | undefined
  /** Writes can be attempted and sending may go on: neither of the above. */
  readonly healthy: boolean
  /** A write succeeded. */
  wrote(): void
  /** An operation failed: a damaged store is remembered for good; a write failure until the next success. */
  failed(error: unknown, write: boolean): void
}

export function createStoreCondition(): StoreCondition {
  let writeFailure: string | undefined
  let damage: string | undefined
  return {
    get writeFailure() {
      return writeFailure
    },
    get damage() {
      return damage
    },
    get healthy() {
      return writeFailure === undefined && damage === undefined
    },
    wrote() {
      writeFailure = undefined
    },
    failed(error, write) {
      if (error instanceof StoreCorruptError) damage ??= error.message
      else if (write) writeFailure = describeError(error)
    },
  }
}
