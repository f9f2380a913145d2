import { utf8ByteLength } from './utf8'
/**
 * How many bytes a value takes as JSON (UTF-8 of `JSON.stringify`, what Segment's Tracking API and
 * Fingerprint's tag limit count), bounded or exact. Serializing is the expensive way to know: in
 * Segment's vm context a `JSON.stringify` of a 2 KB call costs a fifth of parsing the whole
 * webhook. The bounds read each value once without building any text, so a size is serialized only
 * when a limit might be reached.
 */
import { forbiddenKeys, hasOwn, type JsonObject } from './json'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const isArray = Array.isArray
const toJson = JSON.stringify

/** The most bytes one UTF-16 unit of a string takes in JSON: `\u001f` (6), never more. */
const maxBytesPerUnit = 6
/**
 * The longest JSON text of a number: 17 significant digits after `-0.00000`, as in
 * `-0.0000012345678901234567` (25 characters; found by the property tests).
 */
const maxNumberBytes = 25

/**
 * An upper bound of `jsonBytes(value)`, without serializing: each string counts 6 bytes per
 * UTF-16 unit (an escape such as `\u0000`; a character is at most 3 bytes, a surrogate pair 4 for
 * 2 units), each number 25. Recursive: for data whose nesting is already bounded (the calls this
 * package builds; customer data is checked first, see `inspectJson`).
 */
export function jsonBytesBound(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length * maxBytesPerUnit + 2
    case 'number':
      return maxNumberBytes
    case 'boolean':
      return 5
    case 'object':
      break
    default:
      // undefined, functions and symbols: left out of objects, `null` in arrays.
      return 4
  }
  if (value === null) return 4
  let bytes = 2
  if (isArray(value)) {
    for (const item of value as unknown[]) bytes += jsonBytesBound(item) + 1
    return bytes
  }
  const object = value as JsonObject
  // for...in, not Object.keys: no array per object. An inherited member it might also count only
  // makes the bound larger, which a bound may be.
  for (const key in object) {
    const member = object[key]
    if (member !== undefined) bytes += key.length * maxBytesPerUnit + 4 + jsonBytesBound(member)
  }
  return bytes
}

const nonAscii = /[\u0080-\uffff]/

/** The exact size of `text` in UTF-8; the ASCII text of most JSON is measured natively. */
export function textBytes(text: string): number {
  return nonAscii.test(text) ? utf8ByteLength(text) : text.length
}

/** The exact number of UTF-8 bytes of `JSON.stringify(value)` (0 for a value JSON leaves out). */
export function jsonBytes(value: unknown): number {
  // JSON.stringify gives undefined for undefined, a function or a symbol.
  const json = toJson(value) as string | undefined
  return json === undefined ? 0 : textBytes(json)
}

/** What `inspectJson` found. */
export interface JsonInspection {
  /** How deeply objects and arrays nest (`{}` is 1, a scalar 0); `maxDepth + 1` when it stopped there. */
  depth: number
  /** Some object has a `__proto__`, `constructor` or `prototype` key. */
  hasForbiddenKey: boolean
  /** At least this many bytes as JSON. */
  bytesAtLeast: number
  /** At most this many bytes as JSON (see `jsonBytesBound`); `Infinity` when it stopped early. */
  bytesAtMost: number
}

/**
 * Looks at untrusted JSON data once, without recursion (a 16 KB tag can nest 8,000 levels) and
 * without serializing it: how deep it nests, whether it has prototype-reaching keys, and bounds of
 * its size. Stops as soon as it nests deeper than `maxDepth` or is sure to be over `maxBytes`, so
 * a hostile 512 KiB body costs no more than a limit's worth of work.
 */
export function inspectJson(value: unknown, maxDepth: number, maxBytes: number): JsonInspection {
  const values: unknown[] = [value]
  const depths: number[] = [1]
  let depth = 0
  let hasForbiddenKey = false
  let atLeast = 0
  let atMost = 0
  while (values.length > 0) {
    const next = values.pop()
    const level = depths.pop() ?? 1
    if (typeof next === 'string') {
      atLeast += next.length + 2
      atMost += next.length * maxBytesPerUnit + 2
    } else if (typeof next === 'number') {
      atLeast += 1
      atMost += maxNumberBytes
    } else if (typeof next !== 'object' || next === null) {
      atLeast += 4
      atMost += 5
    } else {
      if (level > maxDepth) return { depth: level, hasForbiddenKey, bytesAtLeast: atLeast, bytesAtMost: Infinity }
      if (level > depth) depth = level
      atLeast += 2
      atMost += 2
      if (isArray(next)) {
        let items = 0
        for (const item of next as unknown[]) {
          values.push(item)
          depths.push(level + 1)
          atMost += 1
          // A comma before every item but the first.
          if (items++ > 0 && ++atLeast > maxBytes)
            return { depth, hasForbiddenKey, bytesAtLeast: atLeast, bytesAtMost: Infinity }
        }
      } else {
        const object = next as JsonObject
        for (const key in object) {
          const member = object[key]
          if (member === undefined || !hasOwn(object, key)) continue
          if (forbiddenKeys.has(key)) hasForbiddenKey = true
          atLeast += key.length + 3
          atMost += key.length * maxBytesPerUnit + 4
          // Checked as it goes: an object of thousands of members is refused at the limit, not after them.
          if (atLeast > maxBytes) return { depth, hasForbiddenKey, bytesAtLeast: atLeast, bytesAtMost: Infinity }
          values.push(member)
          depths.push(level + 1)
        }
      }
    }
    if (atLeast > maxBytes) return { depth, hasForbiddenKey, bytesAtLeast: atLeast, bytesAtMost: Infinity }
  }
  return { depth, hasForbiddenKey, bytesAtLeast: atLeast, bytesAtMost: atMost }
}
