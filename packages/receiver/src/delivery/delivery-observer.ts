import type { BatchAnswer } from './tracking-api-client'

/** What the deliverer reports as it goes (the metrics listen); every method is optional. */
export interface DeliveryObserver {
  /** One request to the tracking API: its calls, its bytes, and how it was answered. */
  request?(calls: number, bytes: number, answer: BatchAnswer['kind']): void
  /** Calls accepted. */
  delivered?(calls: number): void
  /** Calls moved to the dead letters, `expired` when for the retention. */
  deadLettered?(calls: number, cause: 'refused' | 'oversized' | 'expired'): void
}
