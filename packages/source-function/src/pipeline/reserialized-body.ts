/**
 * True when a raw body is exactly the compact JSON of itself with every object's keys in
 * alphabetical order: how a deployed Segment Source Function's `request.text()` looks (Segment
 * parses the body and "alphabetizes payload fields"), and how no Fingerprint webhook is sent.
 * Only called after a signature failed, to say why.
 */
export function looksReserialized(rawBody: string): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(rawBody)
  } catch {
    return false
  }
  return typeof parsed === 'object' && parsed !== null && JSON.stringify(parsed, sortedKeys) === rawBody
}

/** A `JSON.stringify` replacer that writes every object's keys in alphabetical order. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(sorted, key, {
      value: (value as Record<string, unknown>)[key],
      enumerable: true,
      configurable: true,
      writable: true,
    })
  }
  return sorted
}
