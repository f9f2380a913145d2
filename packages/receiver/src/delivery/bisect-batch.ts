/**
 * The bisection of a refused batch: a batch the API refuses with 400 (or 413) is split in halves
 * until the calls at fault are alone. A call refused alone is taken as bad only when the request
 * just before it, in this claim's own sequence, was accepted: the API was working, so the call is at
 * fault. A refusal without that proof is asked again after an acceptance; an API that refuses
 * everything (a broken proxy) is a failure, and its 400s never move good calls to the dead letters.
 * At most 3n - 1 requests for n calls.
 */
import type { BatchAnswer } from './tracking-api-client'

/** A call as the deliverer sends it. */
export interface SendableCall {
  readonly seq: number
  readonly json: string
  readonly bytes: number
}

/** Sends one part of a batch (one request), or answers `failed` without sending while paused. */
export type SendPart = (part: readonly SendableCall[]) => Promise<BatchAnswer>

/** What delivering a batch (with its bisection) came to. */
export interface BisectionOutcome {
  readonly delivered: number[]
  readonly dead: { seq: number; reason: string }[]
  /** The failure that stopped it; the calls neither delivered nor dead wait for another claim. */
  failure: Extract<BatchAnswer, { kind: 'failed' }> | undefined
}

/** Whether the last request of the claim was accepted: the proof a refusal alone is the call's fault. */
export interface SendSequence {
  lastAccepted: boolean
}

export async function sendWithBisection(
  batch: readonly SendableCall[],
  sendPart: SendPart,
  sequence: SendSequence,
): Promise<BisectionOutcome> {
  const outcome: BisectionOutcome = { delivered: [], dead: [], failure: undefined }
  const send = async (part: readonly SendableCall[]): Promise<{ answer: BatchAnswer; afterAcceptance: boolean }> => {
    const afterAcceptance = sequence.lastAccepted
    const answer = await sendPart(part)
    sequence.lastAccepted = answer.kind === 'accepted'
    return { answer, afterAcceptance }
  }
  const unconfirmed: SendableCall[] = []
  let refusal = ''
  const parts: (readonly SendableCall[])[] = [batch]
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
