import { describe, expect, it } from 'vitest'
import { defaultRetryPolicy, isRetryableStatus, retryDecision, type FailedAttempt } from './public-api-retry'

const attempt = (extra: Partial<FailedAttempt>): FailedAttempt => ({
  attempts: 1,
  status: 503,
  requestedWaitMs: undefined,
  repeatable: true,
  ...extra,
})

describe('retryDecision', () => {
  it('retries rate limiting, 5xx and lost connections; nothing else', () => {
    expect([undefined, 429, 500, 502, 503].map(isRetryableStatus)).toEqual([true, true, true, true, true])
    expect([400, 401, 403, 404, 409, 415, 422].map(isRetryableStatus)).toEqual(Array(7).fill(false))
    expect(retryDecision(attempt({ status: 422 }))).toEqual({ retry: false, why: undefined })
  })

  it('backs off exponentially from 1 s, capped at 8 s, and gives up after 5 attempts', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDecision(attempt({ attempts })))).toEqual([
      { retry: true, waitMs: 1000 },
      { retry: true, waitMs: 2000 },
      { retry: true, waitMs: 4000 },
      { retry: true, waitMs: 8000 },
    ])
    expect(retryDecision(attempt({ attempts: 4 }), { ...defaultRetryPolicy, maxDelayMs: 5000 })).toEqual({
      retry: true,
      waitMs: 5000,
    })
    expect(retryDecision(attempt({ attempts: 5 }))).toEqual({ retry: false, why: 'gave up after 5 attempts' })
  })

  it('waits as long as Segment asks, and gives up when it asks for more than a minute', () => {
    expect(retryDecision(attempt({ status: 429, requestedWaitMs: 57_647 }))).toEqual({ retry: true, waitMs: 57_647 })
    expect(retryDecision(attempt({ status: 429, requestedWaitMs: 0 }))).toEqual({ retry: true, waitMs: 0 })
    expect(retryDecision(attempt({ status: 429, requestedWaitMs: 600_000 }))).toEqual({
      retry: false,
      why: 'Segment asks to wait 600 s before the next request',
    })
  })

  it('never sends a creation again after a 5xx or a lost connection (it may have happened), but does after a 429', () => {
    for (const status of [undefined, 500, 503]) {
      expect(retryDecision(attempt({ status, repeatable: false }))).toMatchObject({
        retry: false,
        why: expect.stringMatching(/could create a second function/),
      })
    }
    expect(retryDecision(attempt({ status: 429, repeatable: false }))).toEqual({ retry: true, waitMs: 1000 })
  })
})
