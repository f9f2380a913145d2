/**
 * The background deliverer's scheduling: it claims stored calls oldest first (at most `concurrency`
 * claims at once), has each delivered (`deliver-claim.ts`: batches, bisection, retention), settles
 * the outcome in the store, and decides when to go on: at once while calls wait, after a short
 * gather when a claim was not full, at `pollIntervalMs` when idle (or at once when notified), after
 * the backoff (`delivery-backoff.ts`) when the tracking API failed.
 *
 * A store that cannot record an outcome (a full disk) stops every sending: the outcome is kept in
 * memory and settled again, with a backoff, until the store writes; only then does delivery go on.
 * So the calls the API accepted are not sent again, and nothing is re-sent in a loop. A damaged
 * store stops delivery for good. All waits run on the injected clock and scheduler.
 *
 * Memory is bounded whatever the outage: at most `concurrency` claims of `maxCallsPerBatch` calls
 * are held, everything else waits on disk.
 */
import { printableEventId } from '@fingerprint-segment/source-function/internal'
import { systemTimekeeping, type ScheduledTask, type Timekeeping } from '../lib/clock'
import { describeError } from '../lib/describe-error'
import type { ReceiverLogger } from '../lib/receiver-log'
import type { CallStore, ClaimedCalls } from '../store/call-store'
import type { StoreCondition } from '../store/store-condition'
import { deliverClaim, type ClaimDelivery } from './deliver-claim'
import { createBackoff, type BackoffState } from './delivery-backoff'
import type { DeliveryObserver } from './delivery-observer'
import { startRetentionPurge } from './retention'
import type { PostBatch } from './tracking-api-client'

export interface CallDelivererOptions {
  /** The store, watched (`watchCallStore`) so that `condition` follows its writes. */
  readonly store: CallStore
  readonly condition: StoreCondition
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
  /** Calls tried past it go to the dead letters; settled rows are purged after it. */
  readonly retentionMs: number
  /** How often settled rows are purged. */
  readonly purgeIntervalMs: number
  readonly logger: ReceiverLogger
  /** @default the process's steady clock and timers */
  readonly time?: Timekeeping
  /** For the jitter. @default Math.random */
  readonly random?: () => number
  readonly observer?: DeliveryObserver
}

/** What the deliverer is doing, for `/health`. */
export interface DeliveryState extends BackoffState {
  /** Calls delivered since the start. */
  readonly delivered: number
  /** Calls moved to the dead letters since the start. */
  readonly deadLettered: number
  /** Why nothing is sent now because of the store (it cannot record deliveries, or is damaged). */
  readonly storeFailure: string | undefined
}

export interface CallDeliverer {
  /** Starts the loop (and the retention's purge). */
  start(): void
  /** New calls were stored: an idle deliverer claims them now. */
  notify(): void
  /**
   * Stops. For at most `drainMs` it first goes on delivering, until nothing is waiting or the
   * tracking API (or the store) fails; then it stops claiming, aborts the requests still running
   * (their calls go back to the queue) and settles what it can. Resolves once every claim is settled
   * or left to the store (whose close releases it).
   */
  stop(drainMs: number): Promise<void>
  readonly state: DeliveryState
}

type WakeReason = 'notify' | 'settled' | 'stop'

/** A delivered claim whose outcome the store could not record yet. */
interface HeldOutcome {
  readonly claim: ClaimedCalls
  readonly delivery: ClaimDelivery
}

/** Most settled rows purged per run. */
const purgeBatchRows = 10_000

export function createCallDeliverer(options: CallDelivererOptions): CallDeliverer {
  const { store, condition, logger: log } = options
  const { clock, scheduler } = options.time ?? systemTimekeeping
  const random = options.random === undefined ? {} : { random: options.random }
  const backoff = createBackoff({ clock, retry: options.retry, ...random })
  const storeBackoff = createBackoff({ clock, retry: options.retry, ...random })

  let running = false
  let stopping = false
  let draining = false
  let loopDone: Promise<void> = Promise.resolve()
  /** Claims being delivered. */
  const inFlight = new Set<Promise<void>>()
  const held: HeldOutcome[] = []
  let notified = false
  /** Read through a function: `notify()` sets it while the loop awaits its claim. */
  const wasNotified = (): boolean => notified
  let purge: { stop(): void } | undefined
  let damageLogged = false
  const aborter = new AbortController()
  const totals = { delivered: 0, deadLettered: 0 }
  /** The wait in progress, if any: what may end it early. */
  let waiting: { reasons: ReadonlySet<WakeReason>; wake: () => void } | undefined
  /** Resolves a drain once the queue is empty or sending stops. */
  let drained: (() => void) | undefined

  const wake = (reason: WakeReason): void => {
    if (waiting?.reasons.has(reason) === true) waiting.wake()
  }

  function wait(ms: number, ...reasons: WakeReason[]): Promise<void> {
    return new Promise((resolve) => {
      // Stopped while a claim or a settle was awaited: no wait at all.
      if (!running) {
        resolve()
        return
      }
      const task: ScheduledTask = scheduler.schedule(ms, () => {
        done()
      })
      function done(): void {
        task.cancel()
        waiting = undefined
        resolve()
      }
      waiting = { reasons: new Set<WakeReason>([...reasons, 'stop']), wake: done }
    })
  }

  async function loop(): Promise<void> {
    while (running) {
      if (condition.damage !== undefined) {
        if (!damageLogged) {
          damageLogged = true
          log({
            level: 'error',
            event: 'delivery',
            message: `nothing is sent from a damaged store: ${condition.damage}`,
          })
        }
        drained?.()
        await wait(options.pollIntervalMs)
        continue
      }
      if (held.length > 0 || condition.writeFailure !== undefined) {
        drained?.()
        await recoverStore()
        continue
      }
      const pausedFor = backoff.pausedFor()
      if (pausedFor > 0) {
        await wait(pausedFor)
        continue
      }
      if (inFlight.size >= options.concurrency) {
        await wait(options.pollIntervalMs, 'settled')
        continue
      }
      notified = false
      let claim: ClaimedCalls
      try {
        claim = await store.claim(options.maxCallsPerBatch)
      } catch (error) {
        fail(`the store could not be read: ${describeError(error)}`)
        continue
      }
      if (claim.calls.length === 0) {
        if (inFlight.size === 0) drained?.()
        if (!wasNotified()) await wait(options.pollIntervalMs, 'notify', ...(draining ? (['settled'] as const) : []))
        continue
      }
      const delivery: Promise<void> = deliverAndSettle(claim)
        .catch((error: unknown) => {
          log({ level: 'error', event: 'delivery', message: `a batch failed unexpectedly: ${describeError(error)}` })
        })
        .finally(() => {
          inFlight.delete(delivery)
          wake('settled')
        })
      inFlight.add(delivery)
      if (claim.calls.length < options.maxCallsPerBatch && !draining) await wait(options.gatherMs)
    }
  }

  async function deliverAndSettle(claim: ClaimedCalls): Promise<void> {
    const delivery = await deliverClaim(claim.calls, {
      postBatch: options.postBatch,
      maxCallsPerBatch: options.maxCallsPerBatch,
      retentionMs: options.retentionMs,
      now: clock.now,
      paused: () => backoff.pausedFor() > 0,
      signal: aborter.signal,
      ...(options.observer === undefined ? {} : { observer: options.observer }),
    })
    try {
      await claim.settle(delivery.outcome)
      recorded(delivery)
    } catch (error) {
      held.push({ claim, delivery })
      drained?.()
      log({
        level: 'error',
        event: 'delivery',
        message: `the outcome of a batch could not be stored (${describeError(error)}): nothing is sent until the store writes again; the outcome is kept and recorded then`,
        calls: claim.calls.length,
      })
    }
    const { failure } = delivery
    if (failure) fail(failure.reason, failure.retryAfterMs, failure.status)
    else if (delivery.outcome.delivered.length > 0 && !delivery.paused) recovered()
  }

  /** Counts and logs an outcome the store recorded. */
  function recorded({ outcome, deadLetters }: ClaimDelivery): void {
    totals.delivered += outcome.delivered.length
    totals.deadLettered += deadLetters.length
    if (outcome.delivered.length > 0) options.observer?.delivered?.(outcome.delivered.length)
    for (const { call, reason, cause } of deadLetters) {
      options.observer?.deadLettered?.(1, cause)
      log({
        level: 'error',
        event: 'dead-letter',
        messageId: call.messageId,
        requestId: printableEventId(call.eventId),
        message: reason,
      })
    }
  }

  /** Settles the held outcomes, oldest first, then proves the store writes; backs off while it cannot. */
  async function recoverStore(): Promise<void> {
    try {
      for (let first = held[0]; first !== undefined; first = held[0]) {
        await first.claim.settle(first.delivery.outcome)
        held.shift()
        recorded(first.delivery)
      }
      if (condition.writeFailure !== undefined) await store.checkWritable()
      const failures = storeBackoff.succeed()
      if (failures > 0) {
        log({
          level: 'info',
          event: 'delivery',
          message: `the store writes again (after ${failures} failed tries): delivery goes on`,
        })
      }
    } catch (error) {
      if (!running || stopping) return
      const waitMs = storeBackoff.fail(describeError(error))
      log({
        level: 'warn',
        event: 'delivery',
        message: `the store cannot write (${describeError(error)}); nothing is sent; trying again in ${(waitMs / 1000).toFixed(1)} s`,
        consecutiveFailures: storeBackoff.state.consecutiveFailures,
        retryInMs: waitMs,
      })
      await wait(waitMs)
    }
  }

  function fail(reason: string, retryAfterMs?: number, status?: number): void {
    const waitMs = backoff.fail(reason, retryAfterMs)
    drained?.()
    log({
      level: 'warn',
      event: 'delivery',
      message: `${reason}; trying again in ${(waitMs / 1000).toFixed(1)} s`,
      ...(status === undefined ? {} : { trackingStatus: status }),
      consecutiveFailures: backoff.state.consecutiveFailures,
      retryInMs: waitMs,
    })
  }

  function recovered(): void {
    const failures = backoff.succeed()
    if (failures > 0) {
      log({
        level: 'info',
        event: 'delivery',
        message: `the tracking API accepts calls again (after ${failures} failed attempt(s))`,
      })
    }
  }

  return {
    start() {
      if (running || stopping) return
      running = true
      loopDone = loop()
      purge = startRetentionPurge({
        store,
        clock,
        scheduler,
        retentionMs: options.retentionMs,
        intervalMs: options.purgeIntervalMs,
        maxRows: purgeBatchRows,
        logger: log,
      })
    },
    notify() {
      notified = true
      wake('notify')
    },
    async stop(drainMs) {
      if (stopping) return
      stopping = true
      purge?.stop()
      if (drainMs > 0 && running) {
        draining = true
        const drainedOrStopped = new Promise<void>((resolve) => (drained = resolve))
        wake('notify')
        let timer: ScheduledTask | undefined
        await Promise.race([
          drainedOrStopped,
          new Promise<void>((resolve) => (timer = scheduler.schedule(drainMs, resolve))),
        ])
        timer?.cancel()
      }
      running = false
      aborter.abort()
      wake('stop')
      await loopDone
      await Promise.all([...inFlight])
      // One last try for outcomes the store could not record; what is left is released by its close.
      for (const { claim, delivery } of held.splice(0)) {
        try {
          await claim.settle(delivery.outcome)
          recorded(delivery)
        } catch (error) {
          log({
            level: 'error',
            event: 'delivery',
            message: `the outcome of ${claim.calls.length} call(s) could not be stored before stopping (${describeError(error)}); those the API accepted may be sent again at the next start (same messageIds: Segment drops the repeats)`,
          })
        }
      }
    },
    get state() {
      return {
        ...backoff.state,
        ...totals,
        storeFailure:
          condition.damage ??
          (held.length > 0 || condition.writeFailure !== undefined
            ? `the store cannot record deliveries: ${condition.writeFailure ?? storeBackoff.state.lastFailure ?? 'a write failed'}`
            : undefined),
      }
    },
  }
}
