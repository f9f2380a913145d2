import type { GroupPayload } from '../segment-call'
import { callBase, withCallFields, readCustomerIntegrations, readCustomerObject, type CallInput } from './call-input'
import { readRequiredId, readSpec } from './spec-fields'

/** Group: only with a non-empty `groupId`; the customer's group `traits`, `context` and `integrations`. */
export function buildGroupCall(spec: unknown, input: CallInput): GroupPayload {
  const path = `${input.path}.group`
  const fields = readSpec(spec, path)
  const groupId = readRequiredId(fields, 'groupId', path)
  const traits = { ...readCustomerObject(input, fields, 'group', 'traits', 'traits') }
  const context = readCustomerObject(input, fields, 'group', 'context', 'context')
  const integrations = readCustomerIntegrations(input, fields, 'group')
  return withCallFields(callBase(input, 'group', context, integrations), { groupId, traits })
}
