/** A plain JSON object (not an array, not null, not a class instance). */
export type JsonObject = { [key: string]: unknown }

// Built-ins called per field, bound once: in Segment's node:vm context every global lookup costs
// about 200 ns, fifteen times a local one.
const isArray = Array.isArray
const getPrototypeOf = Object.getPrototypeOf
const objectPrototype = Object.prototype
const objectKeys = Object.keys
const objectValues = Object.values

/**
 * True for `{}`-like objects, as produced by `JSON.parse`, in any realm: Segment's runtime parses
 * the body outside the function's vm context, so `request.json()` gives objects whose prototype is
 * the host realm's `Object.prototype`, not the function's.
 */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || isArray(value)) return false
  const prototype: unknown = getPrototypeOf(value)
  return prototype === objectPrototype || prototype === null || getPrototypeOf(prototype) === null
}

/** `source[key]` when `source` is a plain object that has `key` as its own member (never an `Object.prototype` member). */
export function ownMember(source: unknown, key: string): unknown {
  return isPlainObject(source) && objectPrototype.hasOwnProperty.call(source, key) ? source[key] : undefined
}

/** Keys that could reach an object's prototype if copied with plain assignment. */
const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Deep-merges plain objects: `overrides` win, nested plain objects are merged, anything else is
 * replaced. Never mutates its inputs, copies no prototype-reaching keys, and returns fresh
 * objects, so the result can be handed to Segment without aliasing the webhook body.
 */
export function mergeObjects(base: JsonObject, overrides: JsonObject | undefined): JsonObject {
  const result = copyObject(base)
  if (!overrides) return result
  for (const key of objectKeys(overrides)) {
    if (forbiddenKeys.has(key)) continue
    const value = overrides[key]
    if (value === undefined) continue
    const current = result[key]
    result[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : copyValue(value)
  }
  return result
}

/** A deep copy of JSON data without prototype-reaching keys. */
export function copyObject(source: JsonObject): JsonObject {
  const result: JsonObject = {}
  for (const key of objectKeys(source)) {
    if (forbiddenKeys.has(key)) continue
    const value = source[key]
    if (value !== undefined) result[key] = copyValue(value)
  }
  return result
}

/**
 * A deep copy of JSON data built by this package (see `copyObject`), typed as its source: for
 * handing each call its own copy of a shared, typed object such as `context.fingerprint`.
 */
export function copyJson<T>(value: T): T {
  return copyValue(value) as T
}

function copyValue(value: unknown): unknown {
  if (isArray(value)) return value.map(copyValue)
  if (isPlainObject(value)) return copyObject(value)
  return value
}

/**
 * True when objects and arrays inside `value` nest more than `maxDepth` levels (`{}` is one level).
 * Iterative, so a hostile nesting thousands of levels deep is measured without overflowing the
 * stack; stops at the first branch that goes too deep.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue
    if (next.depth > maxDepth) return true
    const children = isArray(next.value) ? next.value : objectValues(next.value)
    for (const child of children)
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 })
  }
  return false
}

/** `T` while it is being built: each optional member may also be `undefined` (which `compact` drops). */
export type WithUndefined<T> = {
  [Key in keyof T]: Partial<Pick<T, Key>> extends Pick<T, Key> ? T[Key] | undefined : T[Key]
}

/**
 * `value` without its `undefined` members, as a `T` (a fresh object; `value` is not changed).
 * `T` comes from where the result goes (`const location: IpLocation | undefined = compact({...})`)
 * or is named (`compact<IpLocation>({...})`), never from the literal, so the literal is checked against it.
 *
 * @returns `undefined` for an object left empty; a `T` with a required member is never empty.
 */
export function compact<T extends object = never>(
  value: WithUndefined<NoInfer<T>>,
): Partial<T> extends T ? T | undefined : T {
  const source = value as JsonObject
  let result: JsonObject | undefined
  for (const key in source) {
    const member = source[key]
    if (member !== undefined) (result ??= {})[key] = member
  }
  return result as Partial<T> extends T ? T | undefined : T
}

/** The size of a string once encoded as UTF-8, without relying on TextEncoder or Buffer. */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        index++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}
