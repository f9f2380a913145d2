import { mergeObjects, type JsonObject } from '../json'
import type { IdentifyPayload } from '../segment-call'
import { callBase, type CallInput } from './call-input'
import { riskTraits } from './risk-traits'
import { readObjectField, readSpec } from './spec-fields'

/**
 * Identify, emitted for every event that carries the payload. Traits: `createdAt` (when this
 * subscription first saw the visitor; the customer's own `createdAt` wins), the customer's traits,
 * then `visitorId` and the risk verdict traits (`fingerprint_verdict`, ...), which always come from Fingerprint.
 */
export function buildIdentifyCall(spec: unknown, input: CallInput): IdentifyPayload {
  const path = `${input.path}.identify`
  const fields = readSpec(spec, path)
  const defaults: JsonObject = {}
  if (input.event.firstSeenAt !== undefined) defaults.createdAt = input.event.firstSeenAt
  const traits = mergeObjects(defaults, readObjectField(fields, 'traits', path))
  if (input.event.visitorId !== undefined) traits.visitorId = input.event.visitorId
  Object.assign(traits, riskTraits(input.risk, input.event))
  return { ...callBase(input, 'identify'), traits }
}
