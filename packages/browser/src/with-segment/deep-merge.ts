import { isPlainObject } from '../plain-object'

/**
 * Deep-merges `sources` from left to right into a new object: nested plain objects are merged
 * (and copied, so the result shares none with the inputs), any other value (arrays included)
 * replaces the one before it, and `undefined` values are skipped. The inputs are not mutated.
 */
export function deepMerge<T extends object>(...sources: (T | object | undefined)[]): T {
  const out: Record<string, unknown> = {}
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      // A `__proto__` key (possible in parsed JSON) would replace the result's prototype.
      if (value === undefined || key === '__proto__') continue
      const current = out[key]
      out[key] = isPlainObject(value) ? deepMerge(isPlainObject(current) ? current : {}, value) : value
    }
  }
  return out as T
}
