import type { DeliveryState } from '../delivery/call-deliverer'
import type { QueueStats } from '../store/call-store'

/** What `GET /health` is made from. */
export interface HealthInput {
  /** `close()` began. */
  readonly closing: boolean
  readonly inFlight: number
  /** The queue, or why the store could not say. */
  readonly stats: QueueStats | Error
  readonly delivery: DeliveryState
  readonly now: number
}

/**
 * The receiver's health: 200 with the queue (`queued`, `oldestQueuedAgeSeconds`, `deadLetters`) and
 * whether delivery is failing; 503 while shutting down or when the store cannot be read (webhooks
 * would be answered 503 too). A tracking API that is down is not unhealthy: webhooks are stored.
 */
export function healthAnswer(input: HealthInput): { status: number; body: Record<string, unknown> } {
  const { delivery } = input
  const deliveryReport = {
    failing: delivery.consecutiveFailures > 0,
    consecutiveFailures: delivery.consecutiveFailures,
    ...(delivery.lastFailure === undefined ? {} : { lastFailure: delivery.lastFailure }),
    ...(delivery.retryAt === undefined
      ? {}
      : { retryInSeconds: Math.max(0, Math.ceil((delivery.retryAt - input.now) / 1000)) }),
  }
  if (input.stats instanceof Error) {
    return {
      status: 503,
      body: {
        status: 'store unavailable',
        error: input.stats.message,
        inFlight: input.inFlight,
        delivery: deliveryReport,
      },
    }
  }
  return {
    status: input.closing ? 503 : 200,
    body: {
      status: input.closing ? 'shutting down' : 'ok',
      inFlight: input.inFlight,
      queued: input.stats.queued,
      oldestQueuedAgeSeconds: input.stats.oldestQueuedAgeSeconds,
      deadLetters: input.stats.deadLetters,
      delivery: deliveryReport,
    },
  }
}
