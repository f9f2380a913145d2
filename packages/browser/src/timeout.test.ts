import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TIMED_OUT, timeoutError, waitAtMost } from './timeout'

describe('waitAtMost', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('resolves to the value when the promise settles in time, leaving no timer', async () => {
    const waiting = waitAtMost(new Promise((resolve) => setTimeout(() => resolve('done'), 50)), 100)
    await vi.advanceTimersByTimeAsync(50)
    await expect(waiting).resolves.toBe('done')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('resolves to TIMED_OUT when the promise never settles', async () => {
    const waiting = waitAtMost(new Promise(() => undefined), 100)
    await vi.advanceTimersByTimeAsync(99)
    let settled = false
    void waiting.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(waiting).resolves.toBe(TIMED_OUT)
  })

  it('with no time left, returns a settled value and times out a pending one', async () => {
    const settled = waitAtMost(Promise.resolve('ready'), -20)
    const pending = waitAtMost(new Promise(() => undefined), 0)
    await vi.advanceTimersByTimeAsync(0)
    await expect(settled).resolves.toBe('ready')
    await expect(pending).resolves.toBe(TIMED_OUT)
  })

  it('passes a rejection on', async () => {
    await expect(waitAtMost(Promise.reject(new Error('no')), 100)).rejects.toThrow('no')
  })

  it('names what timed out', () => {
    expect(timeoutError('the agent', 250).message).toBe('[fingerprint-segment] the agent did not answer within 250 ms')
  })
})
