import type { ScreenPayload } from '../segment-call'
import { callBase, withCallFields, readCustomerIntegrations, readCustomerObject, type CallInput } from './call-input'
import { readSpec, readTextField } from './spec-fields'

/** Screen (mobile apps): the customer's `name`, `properties`, `context` and `integrations`. */
export function buildScreenCall(spec: unknown, input: CallInput): ScreenPayload {
  const path = `${input.path}.screen`
  const fields = readSpec(spec, path)
  const name = readTextField(fields, 'name', path)
  const properties = { ...readCustomerObject(input, fields, 'screen', 'properties', 'properties') }
  const context = readCustomerObject(input, fields, 'screen', 'context', 'context')
  const integrations = readCustomerIntegrations(input, fields, 'screen')
  const payload: ScreenPayload = withCallFields(callBase(input, 'screen', context, integrations), { properties })
  if (name !== undefined) payload.name = name
  return payload
}
