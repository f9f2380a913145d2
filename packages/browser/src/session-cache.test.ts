import { afterEach, describe, expect, it, vi } from 'vitest'
import { CACHE_KEY, createSessionCache } from './session-cache'

const entry = { identity: '["u","a"]null', visitorId: 'v', requestId: 'r', at: Date.now() }

afterEach(() => {
  vi.restoreAllMocks()
  sessionStorage.clear()
  localStorage.clear()
})

describe('createSessionCache', () => {
  it('keeps the last identification in the chosen storage and stamps from it for that identity only', () => {
    const cache = createSessionCache('localStorage', 60_000)
    cache.write(entry)
    expect(JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null')).toEqual(entry)
    expect(sessionStorage.getItem(CACHE_KEY)).toBeNull()
    expect(cache.read('["u","a"]null')).toEqual({ visitorId: 'v', requestId: 'r' })
    expect(cache.read('["u","a"]')).toEqual({ visitorId: 'v', requestId: 'r' }) // group unknown: a prefix
    expect(cache.read('["u","b"]null')).toBeUndefined()
    cache.write()
    expect(localStorage.getItem(CACHE_KEY)).toBeNull()
  })

  it('stamps only within the time to live, and never from an entry made in the future', () => {
    const cache = createSessionCache('sessionStorage', 60_000)
    cache.write({ ...entry, at: Date.now() - 60_000 })
    expect(cache.read(entry.identity)).toBeUndefined()
    cache.write({ ...entry, at: Date.now() - 59_000 })
    expect(cache.read(entry.identity)).toBeDefined()
    cache.write({ ...entry, at: Date.now() + 60_000 })
    expect(cache.read(entry.identity)).toBeUndefined()
  })

  it('ignores entries it did not write', () => {
    const cache = createSessionCache('sessionStorage', 60_000)
    for (const stored of ['not json', '{"identity":1}', JSON.stringify({ ...entry, requestId: 7 })]) {
      sessionStorage.setItem(CACHE_KEY, stored)
      expect(cache.read(entry.identity)).toBeUndefined()
    }
  })

  it('keeps nothing when off, or when the storage throws (Safari private mode, Brave)', () => {
    const off = createSessionCache(false, 60_000)
    off.write(entry)
    expect(off.read(entry.identity)).toBeUndefined()
    expect(sessionStorage.length).toBe(0)
    // Reading `window.sessionStorage` throws a SecurityError where storage is blocked.
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    const throwing = createSessionCache('sessionStorage', 60_000)
    expect(() => throwing.write(entry)).not.toThrow()
    expect(throwing.read(entry.identity)).toBeUndefined()
  })
})
