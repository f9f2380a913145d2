/**
 * The counts every operator scenario reports (issue 21's proof): webhooks answered 200 of those
 * sent, calls delivered of those expected, calls the tracking API received more than once, and
 * calls of answered webhooks never delivered.
 */
import type { SignedWebhook, TrackingApiStandIn } from '@fingerprint-segment/test-kit'

export interface ScenarioCounts {
  readonly webhooks: number
  /** Webhooks answered 200 (the last answer of each, after the sender's retries). */
  readonly answered: number
  /** Calls of the answered webhooks the tracking API accepted. */
  readonly delivered: number
  /** Accepted calls received more than once (with repeats, less one each). */
  readonly duplicates: number
  /** Calls of answered webhooks never delivered. */
  readonly losses: number
}

/**
 * The counts of a scenario, on a stand-in used by it alone (its counts start at zero).
 *
 * @param answered the webhooks finally answered 200
 */
export function scenarioCounts(
  api: TrackingApiStandIn,
  webhooks: readonly SignedWebhook[],
  answered: readonly SignedWebhook[],
): ScenarioCounts {
  const expected = answered.flatMap((webhook) => webhook.expectedMessageIds)
  const delivered = expected.filter((messageId) => api.events.has(messageId)).length
  return {
    webhooks: webhooks.length,
    answered: answered.length,
    delivered,
    duplicates: api.receivedEvents - api.events.size,
    losses: expected.length - delivered,
  }
}

/** Prints the counts as one line a report can quote: `scenario <name>: {...}`. */
export function reportScenario(name: string, counts: ScenarioCounts, more: Record<string, unknown> = {}): void {
  console.log(`scenario ${name}: ${JSON.stringify({ ...counts, ...more })}`)
}
