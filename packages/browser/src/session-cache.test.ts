import { afterEach, describe, expect, it, vi } from 'vitest'
import { CACHE_KEY, readCache, writeCache } from './session-cache'

const entry = { identity: '["u","a"]null', visitorId: 'v', requestId: 'r', at: Date.now() }

afterEach(() => {
  vi.restoreAllMocks()
  sessionStorage.clear()
  localStorage.clear()
})

describe('readCache and writeCache', () => {
  it('keeps the last identification in the chosen storage and stamps from it for that identity only', () => {
    writeCache('localStorage', entry)
    expect(JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null')).toEqual(entry)
    expect(sessionStorage.getItem(CACHE_KEY)).toBeNull()
    expect(readCache('localStorage', 60_000, '["u","a"]null')).toEqual({ visitorId: 'v', requestId: 'r' })
    expect(readCache('localStorage', 60_000, '["u","a"]')).toEqual({ visitorId: 'v', requestId: 'r' }) // group unknown: a prefix
    expect(readCache('localStorage', 60_000, '["u","b"]null')).toBeUndefined()
    writeCache('localStorage')
    expect(localStorage.getItem(CACHE_KEY)).toBeNull()
  })

  it('stamps only within the time to live, and never from an entry made in the future', () => {
    const read = () => readCache('sessionStorage', 60_000, entry.identity)
    writeCache('sessionStorage', { ...entry, at: Date.now() - 60_000 })
    expect(read()).toBeUndefined()
    writeCache('sessionStorage', { ...entry, at: Date.now() - 59_000 })
    expect(read()).toBeDefined()
    writeCache('sessionStorage', { ...entry, at: Date.now() + 60_000 })
    expect(read()).toBeUndefined()
  })

  it('ignores entries it did not write', () => {
    expect(readCache('sessionStorage', 60_000, entry.identity)).toBeUndefined() // nothing kept
    for (const stored of ['not json', '{"identity":1}', 'null', JSON.stringify({ ...entry, requestId: 7 })]) {
      sessionStorage.setItem(CACHE_KEY, stored)
      expect(readCache('sessionStorage', 60_000, entry.identity)).toBeUndefined()
    }
  })

  it('keeps nothing when off, or when the storage throws (Safari private mode, Brave)', () => {
    writeCache(false, entry)
    expect(readCache(false, 60_000, entry.identity)).toBeUndefined()
    expect(sessionStorage.length).toBe(0)
    // Reading `window.sessionStorage` throws a SecurityError where storage is blocked.
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    expect(() => writeCache('sessionStorage', entry)).not.toThrow()
    expect(readCache('sessionStorage', 60_000, entry.identity)).toBeUndefined()
  })
})
