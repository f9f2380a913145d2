import { describe, expect, it } from 'vitest'
import { sendWithBisection, type SendableCall, type SendPart } from './bisect-batch'
import type { BatchAnswer } from './tracking-api-client'

const calls = (count: number): SendableCall[] =>
  Array.from({ length: count }, (_, index) => ({ seq: index + 1, json: `{"n":${index + 1}}`, bytes: 8 }))

/** An API that refuses any request holding one of `bad`, and records each request's seqs. */
function apiRefusing(bad: ReadonlySet<number>): { send: SendPart; requests: number[][] } {
  const requests: number[][] = []
  return {
    requests,
    send: (part) => {
      requests.push(part.map((call) => call.seq))
      const answer: BatchAnswer = part.some((call) => bad.has(call.seq))
        ? { kind: 'rejected', status: 400, reason: `the tracking API answered 400: ${[...bad].join(',')}` }
        : { kind: 'accepted', status: 200 }
      return Promise.resolve(answer)
    },
  }
}

describe('sendWithBisection', () => {
  it('isolates the one bad call of 41 in about 2 log2(n) requests, and delivers the 40 others', async () => {
    const api = apiRefusing(new Set([18]))
    const outcome = await sendWithBisection(calls(41), api.send, { lastAccepted: false })
    expect(outcome.dead).toEqual([{ seq: 18, reason: 'the tracking API answered 400: 18' }])
    expect(outcome.delivered.sort((a, b) => a - b)).toEqual(
      calls(41)
        .map((call) => call.seq)
        .filter((seq) => seq !== 18),
    )
    expect(outcome.failure).toBeUndefined()
    expect(api.requests.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(41)) + 2)
  })

  it('takes an API that refuses everything as failing: nothing dead, nothing delivered', async () => {
    const api = apiRefusing(new Set(calls(6).map((call) => call.seq)))
    const outcome = await sendWithBisection(calls(6), api.send, { lastAccepted: false })
    expect(outcome.dead).toEqual([])
    expect(outcome.delivered).toEqual([])
    expect(outcome.failure?.reason).toMatch(/refused every call of the batch, each on its own/)
    expect(api.requests.length).toBeLessThanOrEqual(3 * 6 - 1)
  })

  it('asks again for a call refused before any acceptance, once the API accepted another', async () => {
    const api = apiRefusing(new Set([1]))
    const outcome = await sendWithBisection(calls(2), api.send, { lastAccepted: false })
    // [1,2] refused, [1] refused unproven, [2] accepted, [1] refused again after an acceptance: dead.
    expect(api.requests).toEqual([[1, 2], [1], [2], [1]])
    expect(outcome).toEqual({
      delivered: [2],
      dead: [{ seq: 1, reason: 'the tracking API answered 400: 1' }],
      failure: undefined,
    })
  })

  it('stops at a failure (no answer, 5xx, 429): the calls not delivered wait for another claim', async () => {
    const failed: BatchAnswer = { kind: 'failed', status: 503, reason: 'the tracking API answered 503' }
    const outcome = await sendWithBisection(calls(3), () => Promise.resolve(failed), { lastAccepted: true })
    expect(outcome).toEqual({ delivered: [], dead: [], failure: failed })
  })
})
