import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inspectJson, jsonBytes, jsonBytesBound, textBytes } from './json-size'

/** JSON data of every kind, with strings that escape and take several bytes, and numbers of every length. */
const jsonData = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.array(fc.double()), fc.dictionary(fc.string(), fc.double()))
const anyText = fc.string({ unit: 'binary' })

describe('jsonBytes and textBytes', () => {
  it('are the UTF-8 size of the JSON, as Buffer counts it', () => {
    fc.assert(
      fc.property(jsonData, anyText, (value, text) => {
        expect(jsonBytes(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'))
        expect(textBytes(text)).toBe(Buffer.byteLength(text, 'utf8'))
      }),
      { numRuns: 2000 },
    )
    expect(jsonBytes(undefined)).toBe(0)
  })
})

describe('jsonBytesBound', () => {
  it('is never below the exact size, for any data (control characters, lone surrogates, 4-byte characters)', () => {
    fc.assert(
      fc.property(jsonData, anyText, (value, text) => {
        expect(jsonBytesBound(value)).toBeGreaterThanOrEqual(jsonBytes(value))
        expect(jsonBytesBound({ text, list: [text, undefined] })).toBeGreaterThanOrEqual(
          jsonBytes({ text, list: [text, undefined] }),
        )
      }),
      { numRuns: 2000 },
    )
  })
})

describe('inspectJson', () => {
  it('bounds the size from both sides, measures the depth, and finds prototype-reaching keys', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        const inspection = inspectJson(value, 1000, Infinity)
        const bytes = jsonBytes(value)
        expect(inspection.bytesAtLeast).toBeLessThanOrEqual(bytes)
        expect(inspection.bytesAtMost).toBeGreaterThanOrEqual(bytes)
      }),
      { numRuns: 2000 },
    )
    expect(inspectJson({ a: [{ b: 1 }] }, 10, 100)).toMatchObject({ depth: 3, hasForbiddenKey: false })
    expect(inspectJson(JSON.parse('{"a":{"__proto__":{}}}'), 10, 100).hasForbiddenKey).toBe(true)
  })

  it('stops at the first level past maxDepth, and as soon as it is sure to be over maxBytes', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown
    expect(inspectJson(deep, 128, Infinity)).toMatchObject({ depth: 129, bytesAtMost: Infinity })
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`key${index}`, index]))
    const inspection = inspectJson(wide, 128, 1000)
    expect(inspection.bytesAtLeast).toBeGreaterThan(1000)
    expect(inspection.bytesAtLeast).toBeLessThan(1100)
  })
})
