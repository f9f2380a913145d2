import { mergeObjects } from '../json'
import type { TrackPayload } from '../segment-call'
import { callBase, type CallInput } from './call-input'
import { readObjectField, readRequiredName, readSpec } from './spec-fields'

/** Track: only with a non-empty `event`; the customer's `properties` and `context`. */
export function buildTrackCall(spec: unknown, input: CallInput): TrackPayload {
  const path = `${input.path}.track`
  const fields = readSpec(spec, path)
  const event = readRequiredName(fields, 'event', path)
  const properties = mergeObjects({}, readObjectField(fields, 'properties', path))
  return { ...callBase(input, 'track', readObjectField(fields, 'context', path)), event, properties }
}
