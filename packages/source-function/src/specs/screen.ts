import { mergeObjects } from '../json'
import type { ScreenPayload } from '../segment-call'
import { callBase, type CallInput } from './call-input'
import { readObjectField, readSpec, readTextField } from './spec-fields'

/** Screen (mobile apps): the customer's `name`, `properties` and `context`. */
export function buildScreenCall(spec: unknown, input: CallInput): ScreenPayload {
  const path = `${input.path}.screen`
  const fields = readSpec(spec, path)
  const name = readTextField(fields, 'name', path)
  const properties = mergeObjects({}, readObjectField(fields, 'properties', path))
  const payload: ScreenPayload = { ...callBase(input, 'screen', readObjectField(fields, 'context', path)), properties }
  if (name !== undefined) payload.name = name
  return payload
}
