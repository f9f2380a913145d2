/**
 * One claim's delivery: its calls in batches within the Tracking API's limits, each batch sent with
 * bisection (`bisect-batch.ts`), and what that came to as the outcome to settle: the calls delivered,
 * those shown undeliverable (refused alone, over 32 KB, or tried past the retention), and the
 * failure that stopped it. Nothing here writes to the store.
 */
import type { ClaimOutcome, StoredCall } from '../store/call-store'
import { sendWithBisection, type SendableCall, type SendSequence } from './bisect-batch'
import type { DeliveryObserver } from './delivery-observer'
import { pastRetention } from './retention'
import { batchBody, planBatches, trackingApiLimits } from './segment-batch'
import type { BatchAnswer, PostBatch } from './tracking-api-client'

export type FailedAnswer = Extract<BatchAnswer, { kind: 'failed' }>

export interface DeliverClaimOptions {
  readonly postBatch: PostBatch
  /** Most calls in one batch. */
  readonly maxCallsPerBatch: number
  readonly retentionMs: number
  /** The receiver's clock, for the retention. */
  readonly now: () => number
  /** True while another claim's failure pauses every request: nothing more is sent. */
  readonly paused: () => boolean
  /** Aborts the requests (the receiver is stopping). */
  readonly signal: AbortSignal
  /** The wall clock, for each batch's `sentAt`. @default Date.now */
  readonly wallNow?: () => number
  readonly observer?: DeliveryObserver
}

/** A dead letter of this claim, for the log. */
export interface ClaimDeadLetter {
  readonly call: StoredCall
  readonly reason: string
  readonly cause: 'refused' | 'oversized' | 'expired'
}

export interface ClaimDelivery {
  /** What to settle. */
  readonly outcome: ClaimOutcome
  readonly deadLetters: readonly ClaimDeadLetter[]
  /** The failure that stopped it (not a pause): the deliverer backs off. */
  readonly failure: FailedAnswer | undefined
  /** Some calls were left unsent because delivery was paused. */
  readonly paused: boolean
}

/** Not sent: delivery is paused after a failure; the calls wait in the queue, no new backoff step. */
const pausedAnswer: FailedAnswer = { kind: 'failed', reason: 'not sent: delivery is paused after a failure' }

export async function deliverClaim(calls: readonly StoredCall[], options: DeliverClaimOptions): Promise<ClaimDelivery> {
  const wallNow = options.wallNow ?? Date.now
  const sendable: (StoredCall & SendableCall)[] = calls.map((call) => ({
    ...call,
    bytes: Buffer.byteLength(call.json),
  }))
  const plan = planBatches(sendable, { maxCalls: options.maxCallsPerBatch })
  const bySeq = new Map(calls.map((call) => [call.seq, call]))
  const deadLetters: ClaimDeadLetter[] = plan.oversized.map((call) => ({
    call,
    cause: 'oversized',
    reason: `the call is ${call.bytes} bytes of JSON, over the Tracking API's ${trackingApiLimits.maxCallBytes}-byte event limit: it can never be accepted`,
  }))
  const delivered: number[] = []
  /** Calls sent in a request that was not accepted. */
  const tried = new Set<number>()
  let failure: FailedAnswer | undefined
  let paused = false
  const sequence: SendSequence = { lastAccepted: false }
  const sendPart = async (part: readonly SendableCall[]): Promise<BatchAnswer> => {
    // Another claim's failure (a 429's Retry-After) pauses every request, this claim's next ones too.
    if (options.paused()) {
      paused = true
      return pausedAnswer
    }
    const body = batchBody(part, new Date(wallNow()))
    const answer = await options.postBatch(body, options.signal)
    options.observer?.request?.(part.length, Buffer.byteLength(body), answer.kind)
    if (answer.kind !== 'accepted') for (const call of part) tried.add(call.seq)
    return answer
  }
  for (const batch of plan.batches) {
    if (options.paused()) {
      paused = true
      break
    }
    const sent = await sendWithBisection(batch, sendPart, sequence)
    delivered.push(...sent.delivered)
    for (const { seq, reason } of sent.dead) {
      const call = bySeq.get(seq)
      if (call) deadLetters.push({ call, reason, cause: 'refused' })
    }
    if (sent.failure && sent.failure !== pausedAnswer) failure = sent.failure
    if (sent.failure) break
  }
  // Calls tried now, neither delivered nor dead, stored before the retention: dead letters too.
  const settled = new Set([...delivered, ...deadLetters.map((letter) => letter.call.seq)])
  const stillTried = new Set([...tried].filter((seq) => !settled.has(seq)))
  for (const { seq, reason } of pastRetention(calls, stillTried, options.now(), options.retentionMs)) {
    const call = bySeq.get(seq)
    if (call) deadLetters.push({ call, reason, cause: 'expired' })
  }
  return {
    outcome: {
      delivered,
      dead: deadLetters.map((letter) => ({ seq: letter.call.seq, reason: letter.reason })),
      ...(failure ? { failure: failure.reason } : paused ? { failure: pausedAnswer.reason } : {}),
    },
    deadLetters,
    failure,
    paused,
  }
}
