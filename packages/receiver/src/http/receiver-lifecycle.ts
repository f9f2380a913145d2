/**
 * The handler's life: it opens the store (watched, so its condition follows every write), starts
 * the deliverer, counts the webhooks in flight, and closes in order: refuse new webhooks, wait for
 * those in flight, let the deliverer finish or release what it sends (within the time given), close
 * the store. Draining comes first in a graceful stop: readiness fails and every answer closes its
 * connection, while webhooks still arriving on open connections are stored and answered.
 */
import type { CallDeliverer } from '../delivery/call-deliverer'
import type { Clock } from '../lib/clock'
import type { ReceiverLogger } from '../lib/receiver-log'
import type { CallStore } from '../store/call-store'
import type { StoreCondition } from '../store/store-condition'

export interface ReceiverLifecycleOptions {
  /** Opens the store, watched. */
  readonly open: () => Promise<CallStore>
  readonly condition: StoreCondition
  /** Makes the deliverer of the opened store (not started). */
  readonly deliverer: (store: CallStore) => CallDeliverer
  readonly clock: Clock
  readonly logger: ReceiverLogger
}

export interface ReceiverLifecycle {
  /** Resolves once the store is open and the deliverer runs; rejects when the store cannot be opened. */
  readonly ready: Promise<void>
  readonly started: boolean
  readonly store: CallStore | undefined
  readonly deliverer: CallDeliverer | undefined
  readonly condition: StoreCondition
  /** Webhooks being processed. */
  readonly inFlight: number
  /** `drain()` or `close()` began. */
  readonly draining: boolean
  /** `close()` began: new webhooks are refused. */
  readonly closing: boolean
  /** Counts `work` as a webhook in flight until it settles. */
  track<Result>(work: () => Promise<Result>): Promise<Result>
  drain(): void
  /** Closes once (later calls get the same promise). */
  close(timeoutMs: number): Promise<void>
}

export function createReceiverLifecycle(options: ReceiverLifecycleOptions): ReceiverLifecycle {
  let store: CallStore | undefined
  let deliverer: CallDeliverer | undefined
  let inFlight = 0
  let draining = false
  let closing: Promise<void> | undefined
  const idleWaiters: (() => void)[] = []

  const ready = options.open().then((opened) => {
    store = opened
    deliverer = options.deliverer(opened)
    if (closing === undefined) deliverer.start()
  })
  // Observed by `serve` and by every webhook; never an unhandled rejection.
  ready.catch(() => undefined)

  async function close(timeoutMs: number): Promise<void> {
    draining = true
    if (inFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve))
    const started = options.clock.now()
    await ready.catch(() => undefined)
    await deliverer?.stop(timeoutMs)
    const left = await store?.stats().catch(() => undefined)
    await store?.close()
    options.logger({
      level: 'info',
      event: 'shutdown',
      message:
        left === undefined
          ? 'in-flight webhooks answered, store closed'
          : `in-flight webhooks answered; ${left.queued} call(s) left in the store for the next start`,
      durationMs: options.clock.now() - started,
      ...(left === undefined ? {} : { queued: left.queued }),
    })
  }

  return {
    ready,
    get started() {
      return store !== undefined
    },
    get store() {
      return store
    },
    get deliverer() {
      return deliverer
    },
    condition: options.condition,
    get inFlight() {
      return inFlight
    },
    get draining() {
      return draining
    },
    get closing() {
      return closing !== undefined
    },
    async track(work) {
      inFlight++
      try {
        return await work()
      } finally {
        inFlight--
        if (inFlight === 0) for (const resolve of idleWaiters.splice(0)) resolve()
      }
    },
    drain() {
      draining = true
    },
    close(timeoutMs) {
      closing ??= close(timeoutMs)
      return closing
    },
  }
}
