import { describe, expect, it } from 'vitest'
import { deepMerge } from './deep-merge'

describe('deepMerge', () => {
  it('merges nested objects, later sources winning, arrays replaced', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3] }, d: 'y' }, { a: { e: null } })).toEqual({
      a: { b: 1, c: [3], e: null },
      d: 'y',
    })
  })

  it('skips undefined values and copies nested objects', () => {
    const nested = { b: 1 }
    const merged = deepMerge<{ a: { b: number }; c?: number }>({ a: nested, c: undefined }, undefined, { c: undefined })
    expect(merged).toEqual({ a: { b: 1 } })
    expect(Object.keys(merged)).toEqual(['a'])
    expect(merged.a).not.toBe(nested)
  })

  it('never changes the prototype of the result', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"admin": true}}') as object)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect((merged as { admin?: boolean }).admin).toBeUndefined()
  })
})
