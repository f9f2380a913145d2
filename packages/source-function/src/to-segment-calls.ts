import { ValidationError } from './errors'
import { buildEventContext } from './event-context'
import { fitEventSize } from './event-size'
import { readSegmentIntegration, type SpecName } from './payload/read-segment-integration'
import type { SegmentCall, SkippedCall } from './segment-call'
import type { CallInput } from './specs/call-input'
import { buildGroupCall } from './specs/group'
import { buildIdentifyCall } from './specs/identify'
import { buildPageCall } from './specs/page'
import { buildScreenCall } from './specs/screen'
import { InvalidSpecError } from './specs/spec-fields'
import { buildTrackCall } from './specs/track'
import type { FingerprintEvent } from './webhook/fingerprint-event'
import { readFingerprintEvent } from './webhook/read-fingerprint-event'

/** Options of `toSegmentCalls` (none yet). */
export type ToSegmentCallsOptions = Record<never, never>

/** What one webhook turns into. */
export interface SegmentCallsResult {
  /** `emitted`: the payload was read (calls may still be empty if every spec was invalid). */
  status: 'emitted' | 'no-integration' | 'skip-integration'
  /** The calls to make, in order: identify, page, track, group, screen. */
  calls: SegmentCall[]
  /** Calls the payload asked for that were dropped, with the reason. */
  skipped: SkippedCall[]
  /** The event as read from the webhook. */
  event: FingerprintEvent
}

type CallBuilder = (spec: unknown, input: CallInput) => SegmentCall['payload']

const callBuilders: readonly { name: SpecName; build: CallBuilder; always: boolean }[] = [
  { name: 'identify', build: buildIdentifyCall, always: true },
  { name: 'page', build: buildPageCall, always: false },
  { name: 'track', build: buildTrackCall, always: false },
  { name: 'group', build: buildGroupCall, always: false },
  { name: 'screen', build: buildScreenCall, always: false },
]

/**
 * Turns a parsed Fingerprint webhook body (v3 or v4, browser or mobile) into the Segment calls
 * its `integrations.segment` payload asks for. Pure: it makes no calls and reads no clock.
 *
 * @throws InvalidEventPayload when the body is not a Fingerprint identification event.
 * @throws ValidationError when the Segment payload itself has the wrong shape.
 */
export function toSegmentCalls(body: unknown, _options: ToSegmentCallsOptions = {}): SegmentCallsResult {
  const event = readFingerprintEvent(body)
  const request = readSegmentIntegration(event)
  if (!request) return { status: 'no-integration', calls: [], skipped: [], event }
  if (request.skipIntegration) return { status: 'skip-integration', calls: [], skipped: [], event }

  const anonymousId = request.anonymousId ?? event.visitorId
  if (anonymousId === undefined) {
    throw new ValidationError(
      `Event ${event.requestId} has no visitorId and ${request.path}.anonymousId is not set: there is no identity to attach Segment calls to.`,
    )
  }
  const input: CallInput = { event, path: request.path, anonymousId, context: buildEventContext(event) }
  if (request.userId !== undefined) input.userId = request.userId

  const calls: SegmentCall[] = []
  const skipped: SkippedCall[] = []
  for (const { name, build, always } of callBuilders) {
    const spec = request.specs[name]
    if (spec === undefined && !always) continue
    try {
      const fitted = fitEventSize({ type: name, payload: build(spec, input) } as SegmentCall)
      if ('call' in fitted) calls.push(fitted.call)
      else skipped.push({ type: name, reason: fitted.reason })
    } catch (error) {
      if (!(error instanceof InvalidSpecError)) throw error
      skipped.push({ type: name, reason: error.message })
    }
  }
  return { status: 'emitted', calls, skipped, event }
}
