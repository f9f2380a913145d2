/**
 * What Segment's Tracking API accepts, as its docs state it: the endpoints under `/v1/` (the HTTP
 * API's names, and the one-letter ones Analytics.js posts to), the limits (`segmentLimits`: 500 KB a
 * batch request, 32 KB an event, in bytes of JSON) and the rules an event must follow. Anything
 * else is a 400 for the WHOLE request, with the reason.
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'

/** An event the Tracking API accepted, as it was sent. */
export interface RecordedEvent {
  type: string
  messageId: string
  [field: string]: unknown
}

export type TrackingCallType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'

/** What one endpoint takes: a batch (`{ batch: [...], sentAt }`) or one event of a type. */
export type EventEndpoint = { kind: 'batch' } | { kind: 'event'; type: TrackingCallType }

const callTypes: readonly TrackingCallType[] = ['identify', 'track', 'page', 'screen', 'group', 'alias']

/** The HTTP API's endpoint names and Analytics.js' short ones (`/v1/t`, `/v1/b` when batching, ...). */
const endpoints: ReadonlyMap<string, EventEndpoint> = new Map<string, EventEndpoint>([
  ['batch', { kind: 'batch' }],
  ['b', { kind: 'batch' }],
  ...callTypes.flatMap((type): [string, EventEndpoint][] => [
    [type, { kind: 'event', type }],
    [type.charAt(0), { kind: 'event', type }],
  ]),
])

/** The endpoint named by the last segment of a `/v1/<name>` path, if the API has one. */
export function eventEndpoint(name: string): EventEndpoint | undefined {
  return endpoints.get(name)
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseBody(raw: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(raw.toString('utf8')) as unknown }
  } catch {
    return undefined
  }
}

/**
 * What the Tracking API would refuse in a request to `endpoint` (the reason for its 400), or the
 * events it carries when they are all fine. `body` is the parsed JSON (undefined: not JSON).
 */
export function requestProblem(
  endpoint: EventEndpoint,
  raw: Buffer,
  body: { value: unknown } | undefined,
): string | RecordedEvent[] {
  if (endpoint.kind === 'batch' && raw.length > segmentLimits.batchBytes) {
    return `the batch is ${raw.length} bytes, over the ${segmentLimits.batchBytes}-byte limit`
  }
  if (body === undefined) return 'the body is not JSON'
  if (endpoint.kind === 'event') {
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      return 'the body is not an event object'
    }
    const event = { type: endpoint.type, ...body.value } as Record<string, unknown>
    return eventProblem(event) ?? [event as RecordedEvent]
  }
  const { batch, sentAt } = (body.value ?? {}) as { batch?: unknown; sentAt?: unknown }
  if (!Array.isArray(batch)) return 'expected { batch: [...] }'
  if (typeof sentAt !== 'string' || Number.isNaN(Date.parse(sentAt))) return 'sentAt must be an ISO-8601 time'
  for (const event of batch as unknown[]) {
    const problem = eventProblem(event)
    if (problem !== undefined) return problem
  }
  return batch as RecordedEvent[]
}

/** What the Tracking API would refuse in one event, or undefined. */
export function eventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event is not an object'
  const fields = event as Record<string, unknown>
  const bytes = Buffer.byteLength(JSON.stringify(event))
  const name = typeof fields.messageId === 'string' ? fields.messageId : '(no messageId)'
  if (bytes > segmentLimits.eventBytes) {
    return `event ${name} is ${bytes} bytes, over the ${segmentLimits.eventBytes}-byte limit`
  }
  if (typeof fields.type !== 'string' || !(callTypes as readonly string[]).includes(fields.type)) {
    return `event ${name} has no valid type`
  }
  if (typeof fields.messageId !== 'string' || fields.messageId === '') return 'an event has no messageId'
  if (typeof fields.userId !== 'string' && typeof fields.anonymousId !== 'string') {
    return `event ${name} has neither userId nor anonymousId`
  }
  if (fields.type === 'track' && (typeof fields.event !== 'string' || fields.event === '')) {
    return `track ${name} has no event name`
  }
  if (fields.type === 'group' && (typeof fields.groupId !== 'string' || fields.groupId === '')) {
    return `group ${name} has no groupId`
  }
  return undefined
}

/**
 * The write key of a request: the user name of its Basic authorization (how analytics-node and
 * Analytics.js send it), else the body's `writeKey` field (which Analytics.js also sends, and the
 * API accepts where a client cannot set headers).
 */
export function requestWriteKey(
  authorization: string | undefined,
  body: { value: unknown } | undefined,
): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')
  if (basic?.[1] !== undefined) {
    const credentials = Buffer.from(basic[1], 'base64').toString('utf8')
    const colon = credentials.indexOf(':')
    return colon < 0 ? credentials : credentials.slice(0, colon)
  }
  if (authorization !== undefined) return undefined
  const writeKey = (body?.value as { writeKey?: unknown } | null | undefined)?.writeKey
  return typeof writeKey === 'string' ? writeKey : undefined
}
