import { describe, expect, it } from 'vitest'
import { withSortedKeys } from './function-sandbox'

describe('withSortedKeys', () => {
  it('sorts the keys of every object, at every level, and keeps arrays in order', () => {
    const sorted = withSortedKeys(JSON.parse('{"b":1,"a":{"d":[{"z":1,"y":2},3],"c":null}}'))
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}')
  })

  it('keeps a "__proto__" key an own key, as JSON.parse made it', () => {
    const sorted = withSortedKeys(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype)
    expect(JSON.stringify(sorted)).toBe('{"__proto__":{"polluted":true},"a":1}')
  })

  it('copies a value nested 10,000 levels deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as unknown
    expect(() => withSortedKeys(deep)).not.toThrow()
  })
})
