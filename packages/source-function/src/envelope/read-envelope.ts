import { InvalidEventPayload } from '../segment/errors'
import { hasOwn, isPlainObject, type JsonObject } from '../lib/json'
import { isFingerprintEventId, printableEventId } from './event-id'

/** The webhook formats Fingerprint sends. */
export type WebhookFormat = 'v3' | 'v4'

/**
 * What a webhook body is, read once: its format, the event it names and where its customer tag is.
 * Every decision about a body uses this one reading: whether it must be verified, which event the
 * Server API is asked for, and what the mapping maps.
 */
export interface WebhookEnvelope {
  /** `v4` when the body has an `event_id` member (whatever its value), otherwise `v3`. */
  readonly format: WebhookFormat
  /** v4 `event_id` or v3 `requestId`, shaped like Fingerprint's ids (`isFingerprintEventId`). */
  readonly eventId: string
  /** Where the customer tag is: v4 `tags`, v3 `tag`. */
  readonly tagName: 'tags' | 'tag'
  /** The tag (untrusted: the browser writes it), `undefined` when there is none. */
  readonly tag: unknown
  /** The body itself. */
  readonly body: JsonObject
}

/** Each format's id and tag members. */
const formatMembers = {
  v4: { id: 'event_id', tag: 'tags' },
  v3: { id: 'requestId', tag: 'tag' },
} as const

/**
 * Reads a parsed webhook body into its envelope. The format is decided by the presence of the
 * `event_id` member alone, so a body cannot be read as v4 by one check and as v3 by another: a v4
 * body whose `event_id` is not a Fingerprint id (`""`, `null`, `0`, `{}`, ...) is refused, never
 * read as v3.
 *
 * @throws InvalidEventPayload saying precisely what is wrong: not an object, no id member, or an id
 *   that is not shaped like Fingerprint's.
 */
export function readEnvelope(body: unknown): WebhookEnvelope {
  if (!isPlainObject(body)) {
    throw new InvalidEventPayload(`The webhook body must be a JSON object, got ${describeJson(body)}.`)
  }
  const format: WebhookFormat | undefined = hasOwn(body, 'event_id')
    ? 'v4'
    : hasOwn(body, 'requestId')
      ? 'v3'
      : undefined
  if (format === undefined) {
    throw new InvalidEventPayload(
      'The webhook body is not a Fingerprint identification event: it has neither `event_id` (v4 webhook) nor `requestId` (v3 webhook).',
    )
  }
  const members = formatMembers[format]
  const id = body[members.id]
  if (typeof id !== 'string') {
    throw new InvalidEventPayload(
      `The ${format} webhook's \`${members.id}\` must be a Fingerprint event id (a string), got ${describeJson(id)}.`,
    )
  }
  if (!isFingerprintEventId(id)) {
    throw new InvalidEventPayload(
      `The ${format} webhook's \`${members.id}\` ${printableEventId(id)} is not shaped like a Fingerprint event id (such as 1708102555327.NLOjmg).`,
    )
  }
  const tag = hasOwn(body, members.tag) ? body[members.tag] : undefined
  return { format, eventId: id, tagName: members.tag, tag, body }
}

/**
 * The event id a raw webhook body names, or `undefined` when it names none that `readEnvelope`
 * accepts. For logs and displays of webhooks that may be refused: nothing else is checked.
 */
export function readWebhookEventId(rawBody: string): string | undefined {
  try {
    return readEnvelope(JSON.parse(rawBody)).eventId
  } catch {
    return undefined
  }
}

/** A JSON value described by its type only (no customer data in messages). */
export function describeJson(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : 'an object that is not a plain JSON object'
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string'
  return `a ${typeof value}`
}
