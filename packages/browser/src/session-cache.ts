import { toFingerprintStamp, type FingerprintStamp } from './fingerprint-stamp'
import type { IdentificationCache } from './options'

/** The last identification, as kept in storage. */
export interface CachedIdentification extends FingerprintStamp {
  /** The identity it was made for (see `Identification`'s `stampFor`). */
  identity: string
  /** When it was made, in epoch milliseconds. */
  at: number
}

/** The storage key, one per site origin (the site runs one Segment source). */
export const CACHE_KEY = 'fingerprint-segment'

/**
 * What `act` returns on the storage `cache` names, or `undefined` when the cache is off or the
 * storage is missing or throws (Safari private mode, Brave, a full quota): a cache that keeps
 * nothing, so the page's own identification serves the page, from memory.
 */
function useStorage<T>(cache: IdentificationCache, act: (storage: Storage) => T): T | undefined {
  try {
    return cache ? act(window[cache]) : undefined
  } catch {
    // Storage missing or blocked: nothing kept.
  }
}

/** The kept stamp, when it was made for an identity starting with `identity` less than `ttl` ms ago. */
export const readCache = (cache: IdentificationCache, ttl: number, identity: string): FingerprintStamp | undefined =>
  useStorage(cache, (storage) => {
    // Nothing kept: `null`, whose fields throw.
    const entry = JSON.parse(storage.getItem(CACHE_KEY) as string) as CachedIdentification
    const age = Date.now() - entry.at
    return entry.identity.startsWith(identity) && age >= 0 && age < ttl ? toFingerprintStamp(entry) : undefined
  })

/** Keeps `entry`, or without one drops the kept identification. */
export const writeCache = (cache: IdentificationCache, entry?: CachedIdentification): void =>
  useStorage(cache, (storage) =>
    entry ? storage.setItem(CACHE_KEY, JSON.stringify(entry)) : storage.removeItem(CACHE_KEY),
  )
