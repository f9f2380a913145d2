/**
 * True when a raw body looks like a deployed Segment Source Function's `request.text()`: compact
 * JSON whose objects have their keys in alphabetical order (Segment parses the body and
 * "alphabetizes payload fields"), which no Fingerprint webhook is. Only called after a signature
 * failed, to say why. Cheap: one parse, one plain `JSON.stringify`, and the key order of the top
 * two levels (a forged body cannot make it cost more than those).
 */
export function looksReserialized(rawBody: string): boolean {
  try {
    const parsed: unknown = JSON.parse(rawBody)
    if (typeof parsed !== 'object' || parsed === null || !keysSorted(parsed)) return false
    for (const value of Object.values(parsed) as unknown[])
      if (typeof value === 'object' && value !== null && !keysSorted(value)) return false
    // Key order is kept by parse and stringify: equal text means compact JSON in that (sorted) order.
    return JSON.stringify(parsed) === rawBody
  } catch {
    return false
  }
}

function keysSorted(value: object): boolean {
  if (Array.isArray(value)) return true
  const keys = Object.keys(value)
  for (let index = 1; index < keys.length; index++)
    if ((keys[index - 1] as string) > (keys[index] as string)) return false
  return true
}
