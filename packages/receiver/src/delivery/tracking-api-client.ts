import { packageVersion } from '../lib/package-version'
/**
 * One batch request to a Segment-compatible Tracking API (`POST <base>/v1/batch`, Basic auth with
 * the write key, `{ batch, sentAt }`), and what its answer means for the calls in it. Only a 2xx
 * means delivered: a redirect is never followed (fetch would re-send a 301/302/303 as a GET without
 * the body) and counts as not delivered, like every other answer.
 */

import { parseRetryAfter } from '@fingerprint-segment/source-function/internal'

/** What one batch request came to. */
export type BatchAnswer =
  /** 2xx: every call of the batch was accepted. */
  | { readonly kind: 'accepted'; readonly status: number }
  /** 400 or 413: the API refuses this batch as it is (a call in it is bad, or it is too large). */
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  /** Anything else (3xx, 401, 429, 5xx, no answer, a time-out): nothing delivered, try later. */
  | {
      readonly kind: 'failed'
      readonly status?: number
      readonly reason: string
      /** The wait a `Retry-After` header asked for. */
      readonly retryAfterMs?: number
    }

export interface TrackingApiClientOptions {
  /** The batch URL, e.g. `https://api.segment.io/v1/batch`. */
  readonly url: string
  readonly writeKey: string
  /** Longest wait for the whole answer. */
  readonly timeoutMs: number
  /** @default the global fetch */
  readonly fetch?: typeof fetch
  /** @default Date.now */
  readonly now?: () => number
  /** A signal that aborts after `ms` (tests abort it themselves instead of waiting). @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal
}

/** Sends one batch body; never throws. `signal` aborts it (it then fails). */
export type PostBatch = (body: string, signal?: AbortSignal) => Promise<BatchAnswer>

/** Most of an answer's body kept for the reason. */
const maxReasonBodyBytes = 500

export function createTrackingApiClient(options: TrackingApiClientOptions): PostBatch {
  const fetchBatch = options.fetch ?? fetch
  const now = options.now ?? Date.now
  const timeoutSignal = options.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms))
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`,
    'User-Agent': `fingerprint-segment/${packageVersion}`,
  }
  return async (body, signal) => {
    const timeout = timeoutSignal(options.timeoutMs)
    let response: Response
    let text: string
    try {
      response = await fetchBatch(options.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
      })
      text = await readStart(response)
    } catch (error) {
      if (signal?.aborted === true)
        return { kind: 'failed', reason: 'the request was aborted (the receiver is stopping)' }
      if (timeout.aborted)
        return { kind: 'failed', reason: `the tracking API did not answer within ${options.timeoutMs} ms` }
      return { kind: 'failed', reason: `the tracking API could not be reached: ${describeNetworkError(error)}` }
    }
    const { status } = response
    if (status >= 200 && status < 300) return { kind: 'accepted', status }
    const detail = text === '' ? '' : `: ${text}`
    if (status === 400 || status === 413) {
      return { kind: 'rejected', status, reason: `the tracking API answered ${status}${detail}` }
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now())
    const reason =
      status >= 300 && status < 400
        ? `the tracking API answered ${status}, a redirect to ${response.headers.get('location') ?? '(no location)'}: not followed, nothing counted as delivered (point --tracking-host at the address it redirects to)`
        : `the tracking API answered ${status}${detail}`
    return { kind: 'failed', status, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  }
}

/** The first bytes of the answer's body as text (for the reason), the rest discarded unread. */
async function readStart(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let bytes = 0
  try {
    while (bytes < maxReasonBodyBytes) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      bytes += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(bytes, maxReasonBodyBytes)).replace(/\s+/g, ' ').trim()
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: unknown }).cause
  if (!(cause instanceof Error)) return error.message
  const code = (cause as { code?: unknown }).code
  return `${typeof code === 'string' ? code : cause.message} (${error.message})`
}
