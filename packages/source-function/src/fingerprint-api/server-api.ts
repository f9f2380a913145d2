import { InvalidEventPayload, RetryError, ValidationError } from '../segment/errors'
import { isFingerprintEventId, printableEventId } from '../envelope/event-id'
import { BodyOverCapError, readCappedText, type ResponseBody } from './read-capped-body'

/** The regions a Fingerprint workspace lives in, each with its own Server API. */
export const fingerprintRegions = ['us', 'eu', 'ap'] as const
export type FingerprintRegion = (typeof fingerprintRegions)[number]

/** The Server API's origin per region. */
export const serverApiOrigins: Readonly<Record<FingerprintRegion, string>> = {
  us: 'https://api.fpjs.io',
  eu: 'https://eu.api.fpjs.io',
  ap: 'https://ap.api.fpjs.io',
}

/**
 * Longest wait for the Server API: Fingerprint's own webhook timeout, and well inside Segment's
 * 5 s limit on a function run.
 */
export const serverApiTimeoutMs = 3000

/**
 * Largest answer read from the Server API. An event is a few KB plus a tag of at most 16 KB; an
 * answer past this is refused, and what is beyond it is never read.
 */
export const maxServerApiAnswerBytes = 256 * 1024

/** The subset of `fetch` the client uses (the runtime's global `fetch` fits). */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string> },
) => Promise<{
  status: number
  text(): Promise<string>
  headers?: { get(name: string): string | null }
  body?: ResponseBody | null
}>

export interface ServerApiClientOptions {
  /** A secret API key of the workspace. */
  apiKey: string
  region: FingerprintRegion
  fetch: FetchLike
  /** @default serverApiTimeoutMs (3000) */
  timeoutMs?: number
}

/**
 * Fetches one event from Fingerprint's Server API v4 (`GET /v4/events/{event_id}`, the same Event
 * object as a v4 webhook, tags included). Events of v3 agents are looked up by their request id.
 *
 * @returns the parsed event
 * @throws InvalidEventPayload for an id that is not shaped like Fingerprint's (nothing is fetched)
 * @throws ValidationError for 404 (not an event of this workspace), 401/403 (naming the
 *   `fingerprintServerApiKey` setting) and 400
 * @throws RetryError for 429, 5xx, a network error, or no answer within `timeoutMs`: Segment
 *   retries those (the receiver answers 503 and Fingerprint retries)
 */
export async function fetchFingerprintEvent(eventId: string, options: ServerApiClientOptions): Promise<unknown> {
  if (!isFingerprintEventId(eventId)) {
    throw new InvalidEventPayload(
      `The webhook's event id ${printableEventId(eventId)} is not shaped like a Fingerprint event id; nothing was looked up.`,
    )
  }
  const timeoutMs = options.timeoutMs ?? serverApiTimeoutMs
  const url = `${serverApiOrigins[options.region]}/v4/events/${eventId}`
  const described = `Fingerprint's Server API (${options.region}) for event ${eventId}`
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new RetryError(`${described} did not answer within ${timeoutMs} ms.`))
    }, timeoutMs)
  })
  try {
    const request = (async () => {
      const response = await options.fetch(url, {
        method: 'GET',
        headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
      })
      if (response.status < 200 || response.status >= 300) return { status: response.status, text: '' }
      return { status: response.status, text: await readCappedText(response, maxServerApiAnswerBytes) }
    })()
    request.catch(() => undefined) // settled by the race below; not left unhandled after a time-out
    const { status, text } = await Promise.race([request, deadline])
    return readAnswer(status, text, described, options.region)
  } catch (error) {
    if (error instanceof ValidationError || error instanceof RetryError || error instanceof InvalidEventPayload) {
      throw error
    }
    if (error instanceof BodyOverCapError) {
      throw new ValidationError(`${described} answered with over ${maxServerApiAnswerBytes} bytes; not an event.`)
    }
    throw new RetryError(
      `${described} could not be reached: ${error instanceof Error ? error.message : String(error)}.`,
    )
  } finally {
    clearTimeout(timer)
  }
}

function readAnswer(status: number, text: string, described: string, region: FingerprintRegion): unknown {
  if (status === 404) {
    throw new ValidationError(
      `${described} answered 404: no such event in this workspace (a forged or foreign webhook, or the wrong fingerprintRegion).`,
    )
  }
  if (status === 401 || status === 403) {
    throw new ValidationError(
      `${described} refused the key (${status}): set the fingerprintServerApiKey setting to a secret API key of this workspace (region ${region}).`,
    )
  }
  if (status === 400) throw new ValidationError(`${described} refused the request (400).`)
  if (status < 200 || status >= 300) throw new RetryError(`${described} answered ${status}; to be retried.`)
  try {
    return JSON.parse(text)
  } catch {
    throw new RetryError(`${described} answered ${status} with a body that is not JSON; to be retried.`)
  }
}
