/** A plain object: `{}` or `Object.create(null)`, not an array, a class instance or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Deep-merges `override` on top of `base` and returns a new object: nested plain objects are
 * merged, every other value (arrays included) from `override` replaces the one in `base`, and
 * `undefined` in `override` leaves `base` as it is. Neither input is mutated.
 */
export function deepMerge<T extends object>(base: T, override: object | undefined): T {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(base))
  if (!override) return out as T
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined || UNSAFE_KEYS.has(key)) continue
    const current = out[key]
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return out as T
}
