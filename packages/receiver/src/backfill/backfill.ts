/**
 * `fingerprint-segment backfill`: recovers the events of a time range from Fingerprint's Server API
 * (for the hours a receiver was down or misconfigured) and runs each through the same pipeline as a
 * webhook, into the same store; a running receiver on that store delivers the calls. The calls have
 * the same deterministic messageIds as the webhooks' would: a call already stored (by its webhook,
 * or by an earlier backfill) is not stored again.
 */
import { RetryError } from '@fingerprint-segment/source-function'
import { searchFingerprintEvents, ServerApiRateLimitError } from './event-search'
import { type FetchLike } from '@fingerprint-segment/source-function'
import { serverApiTimeoutMs } from '@fingerprint-segment/source-function/internal'
import { isPlainObject } from '@fingerprint-segment/source-function/internal'
import { createPipeline } from '@fingerprint-segment/source-function'
import type { PipelineSettings } from '@fingerprint-segment/source-function'
import { retryDelay } from '@fingerprint-segment/source-function/internal'
import type { CallStore, CallToStore } from '../store/call-store'
import { printableEventId } from '@fingerprint-segment/source-function/internal'
import { callsToStore } from '../store/calls-to-store'
import type { ReceiverLogger } from '../lib/receiver-log'

export interface BackfillOptions {
  /** The open store the calls go to. */
  readonly store: CallStore
  /** The pipeline settings; `fingerprintServerApiKey` (and `fingerprintRegion`) are the search's. */
  readonly settings: Partial<PipelineSettings>
  /** The range, epoch milliseconds. */
  readonly since: number
  readonly until: number
  readonly logger: ReceiverLogger
  /** How the Server API is reached. @default the global fetch */
  readonly fetch?: FetchLike
  /** Events per page (the API's most is 100). @default 100 */
  readonly pageSize?: number
  /** Tries per page while the API answers 429, 5xx or nothing. @default 8 */
  readonly maxAttemptsPerPage?: number
  /** Longest wait for one page. @default 10000 */
  readonly pageTimeoutMs?: number
  /** Most pages read (a bound, not a goal: 100,000 pages are 10 million events). @default 100000 */
  readonly maxPages?: number
  /** Waits between tries. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>
}

/** What a backfill did. */
export interface BackfillSummary {
  pages: number
  events: number
  /** Calls newly stored. */
  stored: number
  /** Calls already in the store. */
  duplicates: number
  /** Events without a Segment payload (or with nothing to emit). */
  withoutCalls: number
  /** Events the pipeline refused (logged with the reason). */
  refused: number
}

/**
 * Runs the backfill to the end of the range.
 *
 * @throws ValidationError when the Server API refuses the key or the query; RetryError when it
 *   still fails after `maxAttemptsPerPage` tries; StoreUnavailableError when the store cannot commit
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillSummary> {
  const { store, settings, logger: log } = options
  const apiKey = settings.fingerprintServerApiKey ?? ''
  if (apiKey === '') throw new TypeError('runBackfill: settings.fingerprintServerApiKey is required.')
  const region = settings.fingerprintRegion ?? 'us'
  const maxPages = options.maxPages ?? 100_000
  const maxAttempts = options.maxAttemptsPerPage ?? 8
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  // The events come from the Server API itself (`mapServerApiEvent`): no webhook signature or
  // token to check, and no second lookup. Each is judged at its own time (freshness, identity
  // proofs' expiry), as its webhook would have been.
  let eventTime = Date.now()
  const pipeline = createPipeline(settings, { now: () => eventTime })
  const serverApi = {
    apiKey,
    region,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.pageTimeoutMs ?? Math.max(serverApiTimeoutMs, 10_000),
  }
  const summary: BackfillSummary = { pages: 0, events: 0, stored: 0, duplicates: 0, withoutCalls: 0, refused: 0 }
  let paginationKey: string | undefined
  const seenKeys = new Set<string>()

  for (;;) {
    if (summary.pages >= maxPages) throw new RetryError(`The backfill stopped after ${maxPages} pages (its bound).`)
    const page = await withRetries(
      () =>
        searchFingerprintEvents(
          {
            start: options.since,
            end: options.until,
            limit: options.pageSize ?? 100,
            ...(paginationKey === undefined ? {} : { paginationKey }),
          },
          serverApi,
        ),
      maxAttempts,
      sleep,
      log,
    )
    summary.pages++
    // Mapped one at a time (each at its own time), then committed together (one group commit).
    const mapped: CallToStore[][] = []
    for (const event of page.events) mapped.push(mapEvent(event))
    const results = await Promise.all(mapped.filter((calls) => calls.length > 0).map((calls) => store.enqueue(calls)))
    let pageStored = 0
    for (const { stored, duplicates } of results) {
      pageStored += stored
      summary.stored += stored
      summary.duplicates += duplicates
    }
    log({
      level: 'info',
      event: 'backfill-page',
      page: summary.pages,
      events: page.events.length,
      calls: pageStored,
      message: `page ${summary.pages}: ${page.events.length} event(s), ${pageStored} call(s) stored`,
    })
    if (page.paginationKey === undefined || page.events.length === 0) break
    if (seenKeys.has(page.paginationKey)) {
      throw new RetryError("Fingerprint's Server API gave a pagination key twice; the backfill stopped.")
    }
    seenKeys.add(page.paginationKey)
    paginationKey = page.paginationKey
  }
  return summary

  /** Maps one event into the calls to store (none when it has nothing to emit or is refused). */
  function mapEvent(event: unknown): CallToStore[] {
    summary.events++
    const timestamp = isPlainObject(event) ? event.timestamp : undefined
    eventTime = typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : Date.now()
    let result
    try {
      result = pipeline.mapServerApiEvent(event)
    } catch (error) {
      summary.refused++
      const id = isPlainObject(event) && typeof event.event_id === 'string' ? event.event_id : 'unknown'
      log({
        level: 'warn',
        event: 'backfill-event',
        requestId: printableEventId(id),
        message: error instanceof Error ? error.message : String(error),
      })
      return []
    }
    if (result.calls.length === 0) summary.withoutCalls++
    return callsToStore(result)
  }
}

async function withRetries<Result>(
  attempt: () => Promise<Result>,
  maxAttempts: number,
  sleep: (ms: number) => Promise<void>,
  log: ReceiverLogger,
): Promise<Result> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof RetryError) || tries >= maxAttempts) throw error
      const retryAfterMs = error instanceof ServerApiRateLimitError ? error.retryAfterMs : undefined
      const waitMs = retryDelay(tries, { baseMs: 1000, maxMs: 60_000 }, retryAfterMs)
      log({
        level: 'warn',
        event: 'backfill-page',
        message: `${error.message} Trying again in ${(waitMs / 1000).toFixed(1)} s (try ${tries} of ${maxAttempts}).`,
      })
      await sleep(waitMs)
    }
  }
}
