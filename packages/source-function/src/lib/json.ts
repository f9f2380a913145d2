/** A plain JSON object (not an array, not null, not a class instance). */
export type JsonObject = { [key: string]: unknown }

// Built-ins called per field, bound once: in Segment's node:vm context every global lookup costs
// about 200 ns, fifteen times a local one (and as much as a whole small mapping step).
const isArray = Array.isArray
const getPrototypeOf = Object.getPrototypeOf
const objectPrototype = Object.prototype
const objectKeys = Object.keys
const objectValues = Object.values
const hasOwnMember = Object.hasOwn

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

/** True when `object` has `key` as its own member (never an `Object.prototype` member). */
export function hasOwn(object: object, key: string): boolean {
  return hasOwnMember(object, key)
}

/** `source[key]` when `source` is a plain object that has `key` as its own member (never an `Object.prototype` member). */
export function ownMember(source: unknown, key: string): unknown {
  return isPlainObject(source) && hasOwnMember(source, key) ? source[key] : undefined
}

/** Keys that could reach an object's prototype if copied with plain assignment. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

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

/**
 * Merges `overrides` into `target` like `mergeObjects` merges them onto a base, changing `target`
 * (an object of the caller's own) but nothing else: a nested object both sides have becomes a new
 * merged object; every other value is the very one of `overrides`, shared. For data already known
 * to hold no prototype-reaching key (see `inspectJson`), where a deep copy would only cost time.
 */
export function mergeInto(target: JsonObject, overrides: JsonObject): void {
  for (const key of objectKeys(overrides)) {
    const value = overrides[key]
    if (value === undefined) continue
    const current = hasOwnMember(target, key) ? target[key] : undefined
    target[key] =
      typeof current === 'object' && isPlainObject(current) && isPlainObject(value)
        ? mergeShared(current, value)
        : value
  }
}

/** `base` with `overrides` merged on top (see `mergeInto`): a new object, sharing what it does not change. */
export function mergeShared(base: JsonObject, overrides: JsonObject | undefined): JsonObject {
  const result: JsonObject = { ...base }
  if (overrides !== undefined) mergeInto(result, overrides)
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
  const values: unknown[] = [value]
  const depths: number[] = [1]
  for (let next = values.pop(); next !== undefined; next = values.pop()) {
    const depth = depths.pop() ?? 1
    if (typeof next !== 'object' || next === null) continue
    if (depth > maxDepth) return true
    const children = isArray(next) ? next : objectValues(next)
    for (const child of children) {
      if (typeof child !== 'object' || child === null) continue
      values.push(child)
      depths.push(depth + 1)
    }
  }
  return false
}

/** `T` while it is being built: each optional member may also be `undefined` (which `compact` drops). */
export type WithUndefined<T> = {
  [Key in keyof T]: Partial<Pick<T, Key>> extends Pick<T, Key> ? T[Key] | undefined : T[Key]
}

/**
 * `value` without its `undefined` members, as a `T` (a fresh object; `value` is not changed). For
 * small objects only: the members are added one by one under keys known only at run time, and V8
 * turns an object built that way into a slow dictionary past about 16 members. Larger objects
 * (the event, its signals, `context.fingerprint`) are object literals whose absent members are
 * `undefined`, which JSON leaves out.
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
