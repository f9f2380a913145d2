import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { waitAtMost } from './timeout'

describe('waitAtMost', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('resolves to the value when the promise settles in time, leaving no timer and reporting nothing', async () => {
    const report = vi.fn()
    const waiting = waitAtMost(new Promise((resolve) => setTimeout(() => resolve('done'), 50)), 100, 'x', report)
    await vi.advanceTimersByTimeAsync(50)
    await expect(waiting).resolves.toBe('done')
    expect(vi.getTimerCount()).toBe(0)
    expect(report).not.toHaveBeenCalled()
  })

  it('resolves to undefined when the promise never settles, reporting what timed out', async () => {
    const report = vi.fn()
    const waiting = waitAtMost(new Promise(() => undefined), 100, 'the agent', report)
    await vi.advanceTimersByTimeAsync(99)
    let settled = false
    void waiting.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(waiting).resolves.toBeUndefined()
    expect(report).toHaveBeenCalledWith(
      new Error('[fingerprint-segment] the agent did not answer within 100 ms'),
      'timeout',
    )
  })

  it('with no time left, returns a settled value and times out a pending one', async () => {
    const settled = waitAtMost(Promise.resolve('ready'), -20, 'x', vi.fn())
    const pending = waitAtMost(new Promise(() => undefined), 0, 'x', vi.fn())
    await vi.advanceTimersByTimeAsync(0)
    await expect(settled).resolves.toBe('ready')
    await expect(pending).resolves.toBeUndefined()
  })

  it('passes a rejection on', async () => {
    await expect(waitAtMost(Promise.reject(new Error('no')), 100, 'x', vi.fn())).rejects.toThrow('no')
  })
})
