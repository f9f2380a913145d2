import { toFingerprintStamp, type FingerprintStamp } from './fingerprint-stamp'
import type { IdentificationCache } from './options'

/** The last identification, as kept in storage. */
export interface CachedIdentification extends FingerprintStamp {
  /** The identity it was made for (see `Identification.stampFor`). */
  identity: string
  /** When it was made, in epoch milliseconds. */
  at: number
}

/** The last identification, kept across page loads. */
export interface SessionCache {
  /** The kept stamp when it was made for an identity starting with `identity` less than `ttl` ms ago. */
  read(identity: string): FingerprintStamp | undefined
  /** Keeps `entry`, or drops the kept identification. */
  write(entry?: CachedIdentification): void
}

/** The storage key, one per site origin (the site runs one Segment source). */
export const CACHE_KEY = 'fingerprint-segment'

/**
 * A cache in `storage` (`false`: none). Storage that is missing or throws (Safari private mode,
 * Brave, a full quota) is a cache that keeps nothing: the page's own identification still serves
 * the page, from memory.
 */
export function createSessionCache(storage: IdentificationCache, ttl: number): SessionCache {
  const use = <T>(act: (store: Storage) => T): T | undefined => {
    try {
      return storage ? act(window[storage]) : undefined
    } catch {
      return undefined
    }
  }
  return {
    read: (identity) =>
      use((store) => {
        const entry = JSON.parse(store.getItem(CACHE_KEY) ?? '0') as CachedIdentification
        const age = Date.now() - entry.at
        return entry.identity.startsWith(identity) && age >= 0 && age < ttl ? toFingerprintStamp(entry) : undefined
      }),
    write: (entry) =>
      use((store) => (entry ? store.setItem(CACHE_KEY, JSON.stringify(entry)) : store.removeItem(CACHE_KEY))),
  }
}
