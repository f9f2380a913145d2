import type { TrackPayload } from '../segment-call'
import { callBase, withCallFields, readCustomerIntegrations, readCustomerObject, type CallInput } from './call-input'
import { readRequiredName, readSpec } from './spec-fields'

/** Track: only with a non-empty `event`; the customer's `properties`, `context` and `integrations`. */
export function buildTrackCall(spec: unknown, input: CallInput): TrackPayload {
  const path = `${input.path}.track`
  const fields = readSpec(spec, path)
  const event = readRequiredName(fields, 'event', path)
  const properties = { ...readCustomerObject(input, fields, 'track', 'properties', 'properties') }
  const context = readCustomerObject(input, fields, 'track', 'context', 'context')
  const integrations = readCustomerIntegrations(input, fields, 'track')
  return withCallFields(callBase(input, 'track', context, integrations), { event, properties })
}
