import { copyJson, mergeObjects, type JsonObject } from '../json'
import { deterministicMessageId } from '../message-id'
import type { RiskAssessment } from '../risk/assess-risk'
import type { SegmentCallBase, SegmentCallContext } from '../segment-call'
import type { FingerprintEvent } from '../webhook/fingerprint-event'

/** What every call builder gets: the event, the identity all calls share, and the shared context. */
export interface CallInput {
  event: FingerprintEvent
  /** Where the payload sits in the tag, for messages (`tags.integrations.segment`). */
  path: string
  userId?: string
  anonymousId: string
  /** The context every call carries (see `buildEventContext`). */
  context: SegmentCallContext
  /** The risk verdict of the event; Identify turns it into traits. */
  risk: RiskAssessment
}

/**
 * The fields every call carries, with `messageId` `fp-<requestId>-<callKey>`. `extraContext` (e.g.
 * the customer's `context`) is merged on top of the shared context, but `context.fingerprint`
 * always stays Fingerprint's own. Every call gets its own copy of the context.
 */
export function callBase(input: CallInput, callKey: string, extraContext?: JsonObject): SegmentCallBase {
  const context: SegmentCallContext = {
    ...mergeObjects(input.context, extraContext),
    fingerprint: copyJson(input.context.fingerprint),
  }
  const base: SegmentCallBase = {
    anonymousId: input.anonymousId,
    messageId: deterministicMessageId(input.event.requestId, callKey),
    timestamp: new Date(input.event.timestamp).toISOString(),
    context,
  }
  if (input.userId !== undefined) base.userId = input.userId
  return base
}
