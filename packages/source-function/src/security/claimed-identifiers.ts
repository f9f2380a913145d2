import { hasOwn, isPlainObject, type JsonObject } from '../json'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const deleteProperty = Reflect.deleteProperty

/**
 * Where Segment's identity resolution reads identifiers from, besides `userId` and `anonymousId`:
 * email from `traits.email`, `context.traits` and `properties.email`, phone numbers from traits,
 * `context.externalIds`, and device identifiers (`context.device.id`, `advertisingId`, push
 * `token`). Segment merges profiles on these, so with `identitySecret` set and no valid proof,
 * none of them may carry what the tag claims: an attacker's device would join the victim's profile.
 */
export const claimedIdentifierFields = {
  traits: ['email', 'phone'],
  properties: ['email'],
  context: ['traits', 'externalIds'],
  /** Inside `context.device`. */
  device: ['id', 'advertisingId', 'token'],
} as const satisfies Record<string, readonly string[]>

/** Which kind of customer object: Identify and Group `traits`, `properties`, or a spec's `context`. */
export type ClaimedIdentifierPlace = 'traits' | 'properties' | 'context'

/**
 * `object` without the identifiers Segment would merge profiles on (`claimedIdentifierFields`),
 * adding the path of each one left out to `withheld` (`identify.traits.email`). Copies only what it
 * changes; `object` itself is never changed.
 *
 * @param path where `object` is in the payload, e.g. `identify.traits`.
 */
export function withoutClaimedIdentifiers(
  object: JsonObject,
  place: ClaimedIdentifierPlace,
  path: string,
  withheld: string[],
): JsonObject {
  let result = without(object, claimedIdentifierFields[place], path, withheld)
  if (place !== 'context') return result
  const device = result.device
  if (isPlainObject(device)) {
    const trimmed = without(device, claimedIdentifierFields.device, `${path}.device`, withheld)
    if (trimmed !== device) result = { ...result, device: trimmed }
  }
  return result
}

/** `object` without `keys` (the same object when it has none of them). */
function without(object: JsonObject, keys: readonly string[], path: string, withheld: string[]): JsonObject {
  let result: JsonObject | undefined
  for (const key of keys) {
    if (!hasOwn(object, key) || object[key] === undefined) continue
    result ??= { ...object }
    deleteProperty(result, key)
    withheld.push(`${path}.${key}`)
  }
  return result ?? object
}
