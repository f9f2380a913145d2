import { mergeObjects } from '../json'
import type { GroupPayload } from '../segment-call'
import { callBase, type CallInput } from './call-input'
import { readObjectField, readRequiredId, readSpec } from './spec-fields'

/** Group: only with a non-empty `groupId`; the customer's group `traits`. */
export function buildGroupCall(spec: unknown, input: CallInput): GroupPayload {
  const path = `${input.path}.group`
  const fields = readSpec(spec, path)
  const groupId = readRequiredId(fields, 'groupId', path)
  const traits = mergeObjects({}, readObjectField(fields, 'traits', path))
  return { ...callBase(input, 'group'), groupId, traits }
}
