/**
 * Fingerprint's Server API v4 event search (`GET /v4/events`), one page at a time: the way to
 * recover events whose webhooks never arrived. Asked oldest first (`reverse=true`), so recovered
 * calls reach Segment in the order they happened; a page's `pagination_key` (an opaque string)
 * asks for the next one.
 */
import { RetryError, ValidationError } from '@fingerprint-segment/source-function'
import {
  serverApiOrigins,
  serverApiTimeoutMs,
  type ServerApiClientOptions,
} from '@fingerprint-segment/source-function/internal'

/** The events wanted: those that happened after `start` and before `end` (epoch milliseconds). */
export interface EventSearchQuery {
  readonly start: number
  readonly end: number
  /** Events per page, 1 to 100. @default 100 */
  readonly limit?: number
  /** The `pagination_key` of the previous page. */
  readonly paginationKey?: string
}

/** One page of the search. */
export interface EventSearchPage {
  /** Event objects, as a v4 webhook carries them (tags included). */
  readonly events: readonly unknown[]
  /** Asks for the next page; `undefined` on the last one. */
  readonly paginationKey: string | undefined
}

/** The Server API asked to wait (429): `retryAfterMs` is what its `Retry-After` said, if anything. */
export class ServerApiRateLimitError extends RetryError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message)
  }
}

/** Largest page accepted: 100 events with their raw device attributes fit many times over. */
const maxPageBytes = 32 * 1024 * 1024

/**
 * Fetches one page of events.
 *
 * @throws ValidationError for 400 (the query), 401/403 (the key or its region)
 * @throws ServerApiRateLimitError for 429; RetryError for 5xx, a network error, a time-out, or an answer that is not a page
 */
export async function searchFingerprintEvents(
  query: EventSearchQuery,
  options: ServerApiClientOptions,
): Promise<EventSearchPage> {
  // RFC 3339 times, the API's own format (epoch milliseconds are accepted for backward compatibility).
  const params = new URLSearchParams({
    start: new Date(query.start).toISOString(),
    end: new Date(query.end).toISOString(),
    limit: String(query.limit ?? 100),
    reverse: 'true',
  })
  if (query.paginationKey !== undefined) params.set('pagination_key', query.paginationKey)
  const url = `${serverApiOrigins[options.region]}/v4/events?${params.toString()}`
  const described = `Fingerprint's Server API (${options.region}) event search`
  const timeoutMs = options.timeoutMs ?? serverApiTimeoutMs
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new RetryError(`${described} did not answer within ${timeoutMs} ms.`))
    }, timeoutMs)
  })
  let answer: { status: number; text: string; retryAfter: string | null }
  try {
    const request = (async () => {
      const response = await options.fetch(url, {
        method: 'GET',
        headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
      })
      return {
        status: response.status,
        text: await response.text(),
        retryAfter: response.headers?.get('retry-after') ?? null,
      }
    })()
    request.catch(() => undefined) // settled by the race below; not left unhandled after a time-out
    answer = await Promise.race([request, deadline])
  } catch (error) {
    if (error instanceof RetryError) throw error
    throw new RetryError(
      `${described} could not be reached: ${error instanceof Error ? error.message : String(error)}.`,
    )
  } finally {
    clearTimeout(timer)
  }
  return readPage(answer, described, options.region)
}

function readPage(
  answer: { status: number; text: string; retryAfter: string | null },
  described: string,
  region: string,
): EventSearchPage {
  const { status, text } = answer
  if (status === 401 || status === 403) {
    throw new ValidationError(
      `${described} refused the key (${status}): use a secret API key of the workspace, in its region (${region}).`,
    )
  }
  if (status === 400) throw new ValidationError(`${described} refused the query (400): ${text.slice(0, 300)}`)
  if (status === 429) {
    const seconds = Number(answer.retryAfter)
    throw new ServerApiRateLimitError(
      `${described} is rate limited (429).`,
      Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
    )
  }
  if (status < 200 || status >= 300) throw new RetryError(`${described} answered ${status}.`)
  if (text.length > maxPageBytes) throw new RetryError(`${described} answered with over ${maxPageBytes} bytes.`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new RetryError(`${described} answered ${status} with a body that is not JSON.`)
  }
  const { events, pagination_key: paginationKey } = (body ?? {}) as { events?: unknown; pagination_key?: unknown }
  if (!Array.isArray(events)) throw new RetryError(`${described} answered ${status} without an events list.`)
  const key = typeof paginationKey === 'number' ? String(paginationKey) : paginationKey
  return { events, paginationKey: typeof key === 'string' && key !== '' ? key : undefined }
}
