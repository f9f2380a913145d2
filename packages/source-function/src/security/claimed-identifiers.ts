import { hasOwn, isPlainObject, type JsonObject } from '../lib/json'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const deleteProperty = Reflect.deleteProperty
const objectKeys = Object.keys

/**
 * Where Segment's identity resolution (Unify) reads identifiers from, besides `userId` and
 * `anonymousId`: its default external ids (`email` from `traits.email` and `context.traits`,
 * `ga_client_id` from `context.integrations['Google Analytics'].clientId`, the device ids
 * `context.device.id`, `advertisingId` and push `token`), `context.externalIds`, and the custom
 * identifiers a customer configures (read from `properties`, `traits` and `context.traits`).
 * Segment merges profiles on these, so with `identitySecret` set and no valid proof, none of them
 * may carry what the tag claims: an attacker's device would join the victim's profile.
 */
export interface ClaimedIdentifiers {
  /** Keys of Identify and Group `traits`. */
  readonly traits: readonly string[]
  /** Keys of `properties`. */
  readonly properties: readonly string[]
  /** Keys of a spec's `context`. */
  readonly context: readonly string[]
  /** Keys of `context.device`. */
  readonly device: readonly string[]
  /** Keys of each destination's options, in `integrations` and `context.integrations`. */
  readonly integration: readonly string[]
}

/** Segment's default identifiers in customer objects (segment-docs, unify/identity-resolution/externalids). */
const segmentDefaults: ClaimedIdentifiers = {
  traits: ['email'],
  properties: ['email'],
  context: ['traits', 'externalIds'],
  device: ['id', 'advertisingId', 'token'],
  integration: ['clientId'],
}

/** The custom identifiers taken when none are configured: the ones Segment's docs show. */
export const defaultCustomIdentifiers: readonly string[] = ['email', 'phone']

/** Segment's default identifiers plus the customer's own (`customIdentifiers`, e.g. `phone`). */
export function claimedIdentifiers(customIdentifiers: readonly string[]): ClaimedIdentifiers {
  const withCustom = (keys: readonly string[]): string[] => [
    ...keys,
    ...customIdentifiers.filter((key) => !keys.includes(key)),
  ]
  return {
    ...segmentDefaults,
    traits: withCustom(segmentDefaults.traits),
    properties: withCustom(segmentDefaults.properties),
  }
}

/** Which kind of customer object: Identify and Group `traits`, `properties`, a spec's `context`, or its `integrations`. */
export type ClaimedIdentifierPlace = 'traits' | 'properties' | 'context' | 'integrations'

/**
 * `object` without the identifiers Segment would merge profiles on, adding the path of each one
 * left out to `withheld` (`identify.traits.email`). Copies only what it changes; `object` itself is
 * never changed.
 *
 * @param path where `object` is in the payload, e.g. `identify.traits`.
 */
export function withoutClaimedIdentifiers(
  object: JsonObject,
  place: ClaimedIdentifierPlace,
  path: string,
  identifiers: ClaimedIdentifiers,
  withheld: string[],
): JsonObject {
  if (place === 'integrations') return withoutIntegrationIdentifiers(object, path, identifiers, withheld)
  let result = without(object, identifiers[place], path, withheld)
  if (place !== 'context') return result
  const device = result.device
  if (isPlainObject(device)) {
    const trimmed = without(device, identifiers.device, `${path}.device`, withheld)
    if (trimmed !== device) result = { ...result, device: trimmed }
  }
  const integrations = result.integrations
  if (isPlainObject(integrations)) {
    const trimmed = withoutIntegrationIdentifiers(integrations, `${path}.integrations`, identifiers, withheld)
    if (trimmed !== integrations) result = { ...result, integrations: trimmed }
  }
  return result
}

/** Destination options (`{ 'Google Analytics': { clientId } }`) without their identifiers. */
function withoutIntegrationIdentifiers(
  integrations: JsonObject,
  path: string,
  identifiers: ClaimedIdentifiers,
  withheld: string[],
): JsonObject {
  let result: JsonObject | undefined
  for (const destination of objectKeys(integrations)) {
    const options = integrations[destination]
    if (!isPlainObject(options)) continue
    const trimmed = without(options, identifiers.integration, `${path}[${JSON.stringify(destination)}]`, withheld)
    if (trimmed === options) continue
    result ??= { ...integrations }
    result[destination] = trimmed
  }
  return result ?? integrations
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
