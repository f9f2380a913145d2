import { ValidationError } from '../segment/errors'
import { buildEventContext, urlParts } from './event-context'
import { createEventSizeFitter } from './call-size'
import { buildFingerprintContext } from './fingerprint-context'
import { segmentCallTypes, type SegmentCallType } from '../segment/call-types'
import { readSegmentPayload, type SegmentPayloadRequest } from '../payload/read-segment-payload'
import { assessRisk, type RiskAssessment } from '../risk/assess-risk'
import type { RiskRules } from '../risk/risk-rules'
import { assertEventFresh, isReplayedEvent } from '../security/event-freshness'
import { assertTagSize } from '../security/tag-size'
import { resolveVerifiedIdentity, type IdentityResolution } from '../security/verified-identity'
import { claimedIdentifiers, defaultCustomIdentifiers } from '../security/claimed-identifiers'
import { type SegmentCall, type SegmentCallIdentity, type SegmentCallByType, type SkippedCall } from './segment-call'
import type { CallInput } from './calls/call-input'
import { buildGroupCall } from './calls/group'
import { buildIdentifyCall } from './calls/identify'
import { buildPageCall } from './calls/page'
import { buildRiskAssessedCall, riskAssessedEventName } from './calls/risk-assessed'
import { buildScreenCall } from './calls/screen'
import { InvalidSpecError } from './calls/spec-fields'
import { buildTrackCall } from './calls/track'
import { messageIdPrefix } from './message-id'
import { toIsoTime } from '../segment/segment-time'
import type { FingerprintEvent } from '../event/fingerprint-event'
import { printableEventId } from '../envelope/event-id'
import { eventFromEnvelope } from '../event/read-event'
import { readEnvelope, type WebhookEnvelope } from '../envelope/read-envelope'

/** Options of `toSegmentCalls`. Without any, the mapping trusts the payload and checks no time. */
export interface ToSegmentCallsOptions {
  /**
   * The current time in epoch milliseconds (e.g. `Date.now()`). Needed by `maxEventAgeSeconds` and
   * `identitySecrets`; passed in so the mapping stays a pure function.
   * @default undefined (no freshness check)
   */
  now?: number
  /**
   * Secrets shared with the site's backend (`signIdentity`). When set, `identify.userId` is used only
   * with a valid `identityProof` for it; requires `now`.
   * @default [] (the claimed userId is used as it is)
   */
  identitySecrets?: readonly string[]
  /** Events older than this many seconds are rejected (with `now`); 0 turns the check off. @default 0 */
  maxEventAgeSeconds?: number
  /**
   * The custom identifiers of the customer's Segment Unify space: with `identitySecrets` and no
   * valid proof, withheld from `properties` and `traits` (Segment's own identifiers always are).
   * @default ['email','phone'] (Segment's own identifiers are always withheld)
   */
  customIdentifiers?: readonly string[]
  /** `drop`: events Fingerprint marks `replayed` emit nothing. `flag`: emitted, `context.fingerprint.replayed: true`. @default 'flag' */
  replayedEvents?: 'flag' | 'drop'
  /** The rules of the risk verdict (`assessRisk`), e.g. from `parseRiskRules`. @default defaultRiskRules */
  riskRules?: RiskRules
  /** Also emit a `Device Risk Assessed` Track call (last, messageId `fp-<requestId>-risk`). @default false */
  emitRiskAssessment?: boolean
}

/** What one webhook turns into. */
export interface SegmentCallsResult {
  /**
   * `emitted`: the payload was read (calls may still be empty if every spec was invalid).
   * `replay-dropped`: Fingerprint marks the event replayed and `replayedEvents` is `drop`.
   */
  status: 'emitted' | 'no-integration' | 'skip-integration' | 'replay-dropped'
  /** The calls to make, in the order of `segmentCallTypes`, then the Device Risk Assessed call. */
  calls: SegmentCall[]
  /** Calls the payload asked for that were dropped, with the reason. */
  skipped: SkippedCall[]
  /** The event as read from the webhook. */
  event: FingerprintEvent
  /** With `identitySecrets` and a claimed userId: whether the userId was used (see `resolveVerifiedIdentity`). */
  identity?: IdentityResolution
  /** The risk verdict, when calls were built (`emitted`); also in `context.fingerprint.risk` and the Identify traits. */
  risk?: RiskAssessment
}

/** How each call type is built from its raw spec (`undefined` when the payload has none). */
const callBuilders: {
  readonly [Type in SegmentCallType]: (spec: unknown, input: CallInput) => SegmentCallByType[Type]
} = {
  identify: (spec, input) => ({ type: 'identify', payload: buildIdentifyCall(spec, input) }),
  page: (spec, input) => ({ type: 'page', payload: buildPageCall(spec, input) }),
  track: (spec, input) => ({ type: 'track', payload: buildTrackCall(spec, input) }),
  group: (spec, input) => ({ type: 'group', payload: buildGroupCall(spec, input) }),
  screen: (spec, input) => ({ type: 'screen', payload: buildScreenCall(spec, input) }),
}

/**
 * Turns a parsed Fingerprint webhook body (v3 or v4, browser or mobile) into the Segment calls
 * its `integrations.segment` payload asks for. Pure: it makes no calls and reads no clock
 * (the time comes in as `options.now`).
 *
 * @throws InvalidEventPayload when the body is not a Fingerprint identification event.
 * @throws ValidationError when the Segment payload itself has the wrong shape, the tag is over
 * 16 KB, or the event is older than `options.maxEventAgeSeconds`.
 */
export function toSegmentCalls(body: unknown, options: ToSegmentCallsOptions = {}): SegmentCallsResult {
  return envelopeToSegmentCalls(readEnvelope(body), options)
}

/** `toSegmentCalls` of a body already read into its envelope (`readEnvelope`): what the pipeline maps. */
export function envelopeToSegmentCalls(envelope: WebhookEnvelope, options: ToSegmentCallsOptions): SegmentCallsResult {
  const event = eventFromEnvelope(envelope)
  const tag = assertTagSize(event)
  const request = readSegmentPayload(event)
  // Before the age check: Fingerprint's "Send Test Event" is an old sample without a payload, and
  // is answered quietly (nothing to emit) rather than refused as stale.
  if (!request) return { status: 'no-integration', calls: [], skipped: [], event }
  if (options.now !== undefined) assertEventFresh(event, options.now, options.maxEventAgeSeconds ?? 0)
  if (request.skipIntegration) return { status: 'skip-integration', calls: [], skipped: [], event }
  if (options.replayedEvents === 'drop' && isReplayedEvent(event))
    return { status: 'replay-dropped', calls: [], skipped: [], event }

  const identity = resolveIdentity(request, options)
  // Zero Trust mode: the v4 agent may withhold the visitorId; a userId alone is enough for Segment.
  const anonymousId = request.anonymousId ?? event.visitorId
  const { userId } = identity
  let callIdentity: SegmentCallIdentity
  if (anonymousId !== undefined) callIdentity = userId === undefined ? { anonymousId } : { anonymousId, userId }
  else if (userId !== undefined) callIdentity = { userId }
  else {
    const claim =
      request.userId === undefined ? 'there is no identify.userId' : 'the claimed identify.userId is not proven'
    throw new ValidationError(
      `Event ${printableEventId(event.requestId)} has no visitorId, ${request.path}.anonymousId is not set and ${claim}: there is no identity to attach Segment calls to.`,
    )
  }
  const risk = assessRisk(event, options.riskRules)
  const fingerprint = buildFingerprintContext(event, risk, identity.fingerprintContext)
  const parts = event.url === undefined ? undefined : urlParts(event.url)
  const input: CallInput = {
    event,
    path: request.path,
    identity: callIdentity,
    context: buildEventContext(event, fingerprint, parts),
    risk,
    timestamp: toIsoTime(event.timestamp),
    messageIdPrefix: messageIdPrefix(event.requestId),
    tag,
  }
  if (parts !== undefined) input.urlParts = parts
  // With identitySecret and no valid proof, no identifier from the tag may reach a call.
  const withheld: string[] | undefined =
    (options.identitySecrets?.length ?? 0) > 0 && userId === undefined ? [] : undefined
  if (withheld !== undefined) {
    input.withheld = {
      identifiers: claimedIdentifiers(options.customIdentifiers ?? defaultCustomIdentifiers),
      paths: withheld,
    }
  }

  const built: SegmentCall[] = []
  const skipped: SkippedCall[] = []
  for (const type of segmentCallTypes) {
    const spec = request.specs[type]
    // Identify goes out for every event that carries the payload; the others only with their spec.
    if (spec === undefined && type !== 'identify') continue
    try {
      built.push(callBuilders[type](spec, input))
    } catch (error) {
      if (!(error instanceof InvalidSpecError)) throw error
      skipped.push({ type, reason: error.message })
    }
  }
  if (withheld !== undefined && withheld.length > 0) {
    // Every call's context.fingerprint is this one object: the audit trail reaches them all.
    fingerprint.identityVerified = false
    fingerprint.withheldIdentifiers = withheld
  }
  const fit = createEventSizeFitter(input.context)
  const calls: SegmentCall[] = []
  for (const call of built) {
    const fitted = fit(call)
    if ('call' in fitted) calls.push(fitted.call)
    else skipped.push({ type: call.type, reason: fitted.reason })
  }
  if (options.emitRiskAssessment === true) {
    const fitted = fit({ type: 'track', payload: buildRiskAssessedCall(input, risk) })
    if ('call' in fitted) calls.push(fitted.call)
    else skipped.push({ type: 'track', reason: `${riskAssessedEventName}: ${fitted.reason}` })
  }
  const result: SegmentCallsResult = { status: 'emitted', calls, skipped, event, risk }
  if (identity.fingerprintContext) result.identity = identity
  return result
}

/** The userId the calls may carry (see `resolveVerifiedIdentity`); needs `options.now` with `identitySecrets`. */
function resolveIdentity(request: SegmentPayloadRequest, options: ToSegmentCallsOptions): IdentityResolution {
  const secrets = options.identitySecrets ?? []
  if (secrets.length > 0 && options.now === undefined)
    throw new TypeError('toSegmentCalls: options.now is required with options.identitySecrets.')
  return resolveVerifiedIdentity(request, secrets, options.now ?? 0)
}
