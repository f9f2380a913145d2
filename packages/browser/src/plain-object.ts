/** A plain object: `{}` or `Object.create(null)`, not an array, a class instance or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value == 'object' && !!value && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object)
  )
}
