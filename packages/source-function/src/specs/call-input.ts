import type { JsonObject } from '../json'
import { mergeObjects } from '../json'
import { deterministicMessageId } from '../message-id'
import type { RiskAssessment } from '../risk/assess-risk'
import type { SegmentCallBase, SegmentCallType } from '../segment-call'
import type { FingerprintEvent } from '../webhook/fingerprint-event'

/** What every call builder gets: the event, the identity all calls share, and the shared context. */
export interface CallInput {
  event: FingerprintEvent
  /** Where the payload sits in the tag, for messages (`tags.integrations.segment`). */
  path: string
  userId?: string
  anonymousId: string
  /** The context every call carries (see `buildEventContext`). */
  context: JsonObject
  /** The risk verdict of the event (set by `toSegmentCalls`); Identify turns it into traits. */
  risk?: RiskAssessment
}

/**
 * The fields every call carries. `extraContext` (e.g. the customer's `context`) is merged on top
 * of the shared context, but `context.fingerprint` always stays Fingerprint's own.
 */
export function callBase(input: CallInput, callKey: SegmentCallType, extraContext?: JsonObject): SegmentCallBase {
  const context = mergeObjects(input.context, extraContext)
  if (input.context.fingerprint !== undefined)
    context.fingerprint = mergeObjects(input.context.fingerprint as JsonObject, undefined)
  const base: SegmentCallBase = {
    anonymousId: input.anonymousId,
    messageId: deterministicMessageId(input.event.requestId, callKey),
    timestamp: new Date(input.event.timestamp).toISOString(),
    context,
  }
  if (input.userId !== undefined) base.userId = input.userId
  return base
}
