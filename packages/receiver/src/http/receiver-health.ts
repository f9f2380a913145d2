/**
 * The receiver's health as an orchestrator and an operator read it:
 * - liveness (`<healthPath>/live`): the process answers; 200 while it runs, shutting down included
 *   (restarting it would not help a full disk or a damaged store, and would cut a graceful stop);
 * - readiness (`<healthPath>/ready`, and `<healthPath>` with the queue): 200 while the receiver can
 *   store webhooks, even when the tracking API is down (they are safe: watch the queue's age); 503
 *   with the reason while starting, shutting down, when the store cannot be read, cannot write (a
 *   full disk: until a write succeeds again), or is damaged.
 */
import type { DeliveryState } from '../delivery/call-deliverer'
import type { QueueStats } from '../store/call-store'

/** What readiness is made from. */
export interface HealthInput {
  /** The store is open and the deliverer runs. */
  readonly started: boolean
  /** `close()` began. */
  readonly closing: boolean
  readonly inFlight: number
  /** The queue, or why the store could not say. */
  readonly stats: QueueStats | Error
  readonly delivery: DeliveryState
  /** The receiver's clock, for `retryInSeconds`. */
  readonly now: number
}

export interface HealthAnswer {
  readonly status: number
  readonly body: Record<string, unknown>
}

/** Why the receiver is not ready, or undefined when it is. */
function notReady(input: HealthInput): { status: string; error?: string } | undefined {
  if (!input.started) return { status: 'starting' }
  if (input.closing) return { status: 'shutting down' }
  if (input.delivery.storeFailure !== undefined) return { status: 'store failing', error: input.delivery.storeFailure }
  if (input.stats instanceof Error) return { status: 'store unavailable', error: input.stats.message }
  return undefined
}

/** `<healthPath>`: readiness, with the queue and the delivery. */
export function healthAnswer(input: HealthInput): HealthAnswer {
  const { delivery } = input
  const deliveryReport = {
    failing: delivery.consecutiveFailures > 0,
    consecutiveFailures: delivery.consecutiveFailures,
    ...(delivery.lastFailure === undefined ? {} : { lastFailure: delivery.lastFailure }),
    ...(delivery.retryAt === undefined
      ? {}
      : { retryInSeconds: Math.max(0, Math.ceil((delivery.retryAt - input.now) / 1000)) }),
  }
  const problem = notReady(input)
  const queue =
    input.stats instanceof Error
      ? {}
      : {
          queued: input.stats.queued,
          oldestQueuedAgeSeconds: input.stats.oldestQueuedAgeSeconds,
          deadLetters: input.stats.deadLetters,
        }
  return {
    status: problem === undefined ? 200 : 503,
    body: { ...(problem ?? { status: 'ok' }), inFlight: input.inFlight, ...queue, delivery: deliveryReport },
  }
}

/** `<healthPath>/ready`: readiness alone. */
export function readinessAnswer(input: HealthInput): HealthAnswer {
  const problem = notReady(input)
  return { status: problem === undefined ? 200 : 503, body: problem ?? { status: 'ready' } }
}

/** `<healthPath>/live`: the process answers. */
export function livenessAnswer(): HealthAnswer {
  return { status: 200, body: { status: 'live' } }
}
