/**
 * The background deliverer: takes stored calls oldest first, sends them in batches that keep the
 * Tracking API's limits, and records in the store what the API accepted. Nothing is counted as
 * delivered without a 2xx. After a failure (no answer, 3xx, 401, 429, 5xx, ...) it waits with
 * exponential backoff and jitter, never less than a Retry-After, and tries again: calls stay in the
 * store until they are delivered or older than the retention. A batch refused with 400 (or 413) is
 * split in halves until the call at fault is alone; that call goes to the dead letters with the
 * API's reason and the others are delivered.
 *
 * Memory is bounded whatever the outage: at most `concurrency` claims of `maxCallsPerBatch` calls
 * are held, everything else waits on disk.
 */
import type { ReceiverLogger } from '../lib/receiver-log'
import type { CallStore, ClaimedCalls, StoredCall } from '../store/call-store'
import { printableEventId } from '@fingerprint-segment/source-function/internal'
import { retryDelay } from '@fingerprint-segment/source-function/internal'
import { batchBody, planBatches, trackingApiLimits } from './segment-batch'
import type { BatchAnswer, PostBatch } from './tracking-api-client'

export interface CallDelivererOptions {
  readonly store: CallStore
  readonly postBatch: PostBatch
  /** Most calls in one claim and one batch. */
  readonly maxCallsPerBatch: number
  /** Claims being delivered at once. */
  readonly concurrency: number
  /** The first wait after a failure, and the longest. */
  readonly retry: { readonly baseMs: number; readonly maxMs: number }
  /** How often an idle deliverer looks for calls stored by someone else (another receiver, a backfill). */
  readonly pollIntervalMs: number
  /** The wait after a claim that was not full, so that more calls gather into the next batch. */
  readonly gatherMs: number
  /** Undelivered calls older than this go to the dead letters. */
  readonly retentionMs: number
  /** How often the retention is applied. */
  readonly expiryIntervalMs: number
  readonly logger: ReceiverLogger
  /** @default Date.now */
  readonly now?: () => number
  /** For the jitter. @default Math.random */
  readonly random?: () => number
}

/** What the deliverer is doing, for `/health`. */
export interface DeliveryState {
  /** Batches that failed in a row; 0 once one is accepted. */
  readonly consecutiveFailures: number
  /** Why the last batch was not delivered, while failures go on. */
  readonly lastFailure: string | undefined
  /** When the next try is due while backing off, epoch ms. */
  readonly retryAt: number | undefined
  /** Calls delivered since the start. */
  readonly delivered: number
  /** Calls moved to the dead letters since the start. */
  readonly deadLettered: number
}

export interface CallDeliverer {
  /** Starts the loop (and the retention timer). */
  start(): void
  /** New calls were stored: an idle deliverer claims them now. */
  notify(): void
  /**
   * Stops. For at most `drainMs` it first goes on delivering, until nothing is waiting or the
   * tracking API fails; then it stops claiming and aborts the requests still running (their calls
   * go back to the queue). Resolves once every claim is settled.
   */
  stop(drainMs: number): Promise<void>
  readonly state: DeliveryState
}

type WakeReason = 'notify' | 'settled' | 'stop'

interface Sendable extends StoredCall {
  readonly bytes: number
}

/** What delivering one batch (with its bisection) came to. */
interface BatchOutcome {
  delivered: number[]
  dead: { seq: number; reason: string }[]
  failure: Extract<BatchAnswer, { kind: 'failed' }> | undefined
}

/** Not sent: delivery is paused after a failure; the calls wait in the queue, no new backoff step. */
const pausedAnswer = {
  kind: 'failed',
  reason: 'not sent: delivery is paused after a failure',
  paused: true,
} as const satisfies Extract<BatchAnswer, { kind: 'failed' }> & { paused: true }

/** Most expired calls handled per store query. */
const expiryBatchRows = 10_000

export function createCallDeliverer(options: CallDelivererOptions): CallDeliverer {
  const { store, postBatch, logger: log } = options
  const now = options.now ?? Date.now
  const retryOptions = { ...options.retry, ...(options.random === undefined ? {} : { random: options.random }) }

  let running = false
  let stopping = false
  let draining = false
  let loopDone: Promise<void> = Promise.resolve()
  /** Claims being delivered. */
  const inFlight = new Set<Promise<void>>()
  let notified = false
  /** Read through a function: `notify()` sets it while the loop awaits its claim. */
  const wasNotified = (): boolean => notified
  let pausedUntil = 0
  let expiryTimer: ReturnType<typeof setInterval> | undefined
  const aborter = new AbortController()
  const state = {
    consecutiveFailures: 0,
    lastFailure: undefined as string | undefined,
    retryAt: undefined as number | undefined,
    delivered: 0,
    deadLettered: 0,
  }
  /** The wait in progress, if any: what may end it early. */
  let waiting: { reasons: ReadonlySet<WakeReason>; wake: () => void } | undefined
  /** Resolves a drain once the queue is empty or the tracking API fails. */
  let drained: (() => void) | undefined

  const wake = (reason: WakeReason): void => {
    if (waiting?.reasons.has(reason) === true) waiting.wake()
  }

  function sleep(ms: number, ...reasons: WakeReason[]): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms))
      function done(): void {
        clearTimeout(timer)
        waiting = undefined
        resolve()
      }
      waiting = { reasons: new Set<WakeReason>([...reasons, 'stop']), wake: done }
    })
  }

  async function loop(): Promise<void> {
    while (running) {
      const pausedFor = pausedUntil - now()
      if (pausedFor > 0) {
        await sleep(pausedFor)
        continue
      }
      if (inFlight.size >= options.concurrency) {
        await sleep(options.pollIntervalMs, 'settled')
        continue
      }
      notified = false
      let claim: ClaimedCalls
      try {
        claim = await store.claim(options.maxCallsPerBatch)
      } catch (error) {
        fail(`the store could not be read: ${describe(error)}`)
        continue
      }
      if (claim.calls.length === 0) {
        if (inFlight.size === 0) drained?.()
        if (!wasNotified()) await sleep(options.pollIntervalMs, 'notify', ...(draining ? (['settled'] as const) : []))
        continue
      }
      const delivery: Promise<void> = deliverClaim(claim)
        .catch((error: unknown) => {
          log({ level: 'error', event: 'delivery', message: `a batch failed unexpectedly: ${describe(error)}` })
        })
        .finally(() => {
          inFlight.delete(delivery)
          wake('settled')
        })
      inFlight.add(delivery)
      if (claim.calls.length < options.maxCallsPerBatch && !draining) await sleep(options.gatherMs)
    }
  }

  async function deliverClaim(claim: ClaimedCalls): Promise<void> {
    const calls: Sendable[] = claim.calls.map((call) => ({ ...call, bytes: Buffer.byteLength(call.json) }))
    const plan = planBatches(calls, { maxCalls: options.maxCallsPerBatch })
    const outcome: BatchOutcome = {
      delivered: [],
      dead: plan.oversized.map((call) => ({
        seq: call.seq,
        reason: `the call is ${call.bytes} bytes of JSON, over the Tracking API's ${trackingApiLimits.maxCallBytes}-byte event limit: it can never be accepted`,
      })),
      failure: undefined,
    }
    const sequence = { lastAccepted: false }
    for (const batch of plan.batches) {
      if (pausedUntil > now()) {
        outcome.failure ??= pausedAnswer
        break
      }
      const sent = await sendWithBisection(batch, sequence)
      outcome.delivered.push(...sent.delivered)
      outcome.dead.push(...sent.dead)
      if (sent.failure) {
        outcome.failure = sent.failure
        break
      }
    }
    try {
      await claim.settle({
        delivered: outcome.delivered,
        dead: outcome.dead,
        ...(outcome.failure ? { failure: outcome.failure.reason } : {}),
      })
    } catch (error) {
      // The calls were not marked: they are waiting again and may be sent once more (same messageIds).
      log({
        level: 'error',
        event: 'delivery',
        message: `the outcome of a batch could not be stored: ${describe(error)}`,
      })
    }
    state.delivered += outcome.delivered.length
    state.deadLettered += outcome.dead.length
    const bySeq = new Map(calls.map((call) => [call.seq, call]))
    for (const { seq, reason } of outcome.dead) {
      const call = bySeq.get(seq)
      log({
        level: 'error',
        event: 'dead-letter',
        ...(call ? { messageId: call.messageId, requestId: printableEventId(call.eventId) } : {}),
        message: reason,
      })
    }
    if (outcome.failure && !('paused' in outcome.failure)) {
      fail(outcome.failure.reason, outcome.failure.retryAfterMs, outcome.failure.status)
    } else if (outcome.delivered.length > 0 && !outcome.failure) recovered()
  }

  /**
   * Sends one batch; on 400/413 splits it until the refused calls are alone. A call refused alone is
   * taken as bad only when the request just before it, in this claim's own sequence, was accepted:
   * the API was working, so the call is at fault. A refusal without that proof is checked again
   * after an acceptance; an API that refuses everything (a broken proxy) is a failure, and its 400s
   * never move good calls to the dead letters. At most 3n - 1 requests for n calls.
   */
  async function sendWithBisection(
    batch: readonly Sendable[],
    sequence: { lastAccepted: boolean },
  ): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { delivered: [], dead: [], failure: undefined }
    const send = async (part: readonly Sendable[]): Promise<{ answer: BatchAnswer; afterAcceptance: boolean }> => {
      const afterAcceptance = sequence.lastAccepted
      // Another claim's failure (a 429's Retry-After) pauses every request, this claim's next ones too.
      if (pausedUntil > now()) return { answer: pausedAnswer, afterAcceptance }
      const answer = await postBatch(batchBody(part, new Date(now())), aborter.signal)
      sequence.lastAccepted = answer.kind === 'accepted'
      return { answer, afterAcceptance }
    }
    const unconfirmed: Sendable[] = []
    let refusal = ''
    const parts: (readonly Sendable[])[] = [batch]
    for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
      const { answer, afterAcceptance } = await send(part)
      if (answer.kind === 'accepted') outcome.delivered.push(...part.map((call) => call.seq))
      else if (answer.kind === 'failed') {
        outcome.failure = answer
        return outcome
      } else if (part.length > 1) {
        const half = Math.ceil(part.length / 2)
        parts.unshift(part.slice(0, half), part.slice(half))
      } else if (part[0] && afterAcceptance) outcome.dead.push({ seq: part[0].seq, reason: answer.reason })
      else if (part[0]) {
        unconfirmed.push(part[0])
        refusal = answer.reason
      }
    }
    if (unconfirmed.length === 0) return outcome
    if (!sequence.lastAccepted && outcome.delivered.length === 0) {
      outcome.failure = {
        kind: 'failed',
        reason: `the tracking API refused every call of the batch, each on its own (${refusal}); taken as a fault of the API, not of the calls`,
      }
      return outcome
    }
    // The API accepted calls since: ask again for each call refused before that.
    for (const call of unconfirmed) {
      const { answer, afterAcceptance } = await send([call])
      if (answer.kind === 'accepted') outcome.delivered.push(call.seq)
      else if (answer.kind === 'failed') {
        outcome.failure = answer
        break
      } else if (afterAcceptance) outcome.dead.push({ seq: call.seq, reason: answer.reason })
      // Otherwise still unproven: it waits in the queue for the next claim.
    }
    return outcome
  }

  function fail(reason: string, retryAfterMs?: number, status?: number): void {
    state.consecutiveFailures++
    const waitMs = retryDelay(state.consecutiveFailures, retryOptions, retryAfterMs)
    pausedUntil = Math.max(pausedUntil, now() + waitMs)
    state.lastFailure = reason
    state.retryAt = pausedUntil
    drained?.()
    log({
      level: 'warn',
      event: 'delivery',
      message: `${reason}; trying again in ${(waitMs / 1000).toFixed(1)} s`,
      ...(status === undefined ? {} : { trackingStatus: status }),
      consecutiveFailures: state.consecutiveFailures,
      retryInMs: waitMs,
    })
  }

  function recovered(): void {
    if (state.consecutiveFailures > 0) {
      log({
        level: 'info',
        event: 'delivery',
        message: `the tracking API accepts calls again (after ${state.consecutiveFailures} failed attempt(s))`,
      })
    }
    state.consecutiveFailures = 0
    state.lastFailure = undefined
    state.retryAt = undefined
    pausedUntil = 0
  }

  async function expire(): Promise<void> {
    try {
      const { expired } = await store.expire(options.retentionMs, expiryBatchRows)
      if (expired > 0) {
        state.deadLettered += expired
        log({
          level: 'error',
          event: 'expired',
          calls: expired,
          message: `${expired} call(s) not delivered within the retention moved to the dead letters`,
        })
      }
    } catch (error) {
      log({ level: 'warn', event: 'expired', message: `the retention could not be applied: ${describe(error)}` })
    }
  }

  return {
    start() {
      if (running || stopping) return
      running = true
      loopDone = loop()
      void expire()
      expiryTimer = setInterval(() => void expire(), options.expiryIntervalMs)
      expiryTimer.unref()
    },
    notify() {
      notified = true
      wake('notify')
    },
    async stop(drainMs) {
      if (stopping) return
      stopping = true
      clearInterval(expiryTimer)
      if (drainMs > 0 && running) {
        draining = true
        const drainedOrFailed = new Promise<void>((resolve) => (drained = resolve))
        wake('notify')
        await Promise.race([drainedOrFailed, new Promise((resolve) => setTimeout(resolve, drainMs).unref())])
      }
      running = false
      aborter.abort()
      wake('stop')
      await loopDone
      await Promise.all([...inFlight])
    },
    get state() {
      return { ...state }
    },
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
