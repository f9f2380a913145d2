import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createV3Agent, createV4Agent } from '../test/agents'
import { createIdentification } from './identification'

const tag = () => Promise.resolve({ integrations: { segment: { anonymousId: 'a' } } })

describe('createIdentification', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('shares one get() between concurrent calls for the same identity, and keeps its result', async () => {
    const agent = createV4Agent({ delayMs: 100 })
    const identification = createIdentification(agent, 1000, vi.fn())
    const first = identification.stampFor('id-1', tag)
    const second = identification.stampFor('id-1', tag)
    await vi.advanceTimersByTimeAsync(100)
    const expected = { visitorId: 'v4-visitor', requestId: 'v4-event-1' }
    await expect(first).resolves.toEqual(expected)
    await expect(second).resolves.toEqual(expected)
    await expect(identification.stampFor('id-1', tag)).resolves.toEqual(expected)
    expect(agent.calls).toEqual([{ tag: { integrations: { segment: { anonymousId: 'a' } } } }])
  })

  it('starts a new identification for a new identity', async () => {
    const agent = createV3Agent()
    const identification = createIdentification(agent, 1000, vi.fn())
    await identification.stampFor('id-1', tag)
    await expect(identification.stampFor('id-2', tag)).resolves.toEqual({
      visitorId: 'v3-visitor',
      requestId: 'v3-request-2',
    })
  })

  it('counts the bounded wait from the start of the identification', async () => {
    const report = vi.fn()
    const identification = createIdentification(createV3Agent('hang'), 300, report)
    const first = identification.stampFor('id-1', tag)
    await vi.advanceTimersByTimeAsync(200)
    const second = identification.stampFor('id-1', tag)
    await vi.advanceTimersByTimeAsync(100) // both end at the 300 ms deadline
    await expect(first).resolves.toBeUndefined()
    await expect(second).resolves.toBeUndefined()
    // Past the deadline an event waits for nothing: no timer, and no new reaction on the hung get()
    // (a per-event race on a promise that never settles would grow without bound).
    const late = identification.stampFor('id-1', tag)
    expect(vi.getTimerCount()).toBe(0)
    await expect(late).resolves.toBeUndefined()
    expect(report).toHaveBeenCalledWith(expect.any(Error), 'timeout')
  })

  it('uses one timer per identification, however many events wait for it', async () => {
    const identification = createIdentification(createV3Agent('hang'), 300, vi.fn())
    const waiting = Array.from({ length: 5 }, () => identification.stampFor('id-1', tag))
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(300)
    await expect(Promise.all(waiting)).resolves.toEqual(Array(5).fill(undefined))
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stamps events after the deadline once a late identification completes', async () => {
    const report = vi.fn()
    const identification = createIdentification(createV4Agent({ delayMs: 500 }), 300, report)
    const early = identification.stampFor('id-1', tag)
    await vi.advanceTimersByTimeAsync(300)
    await expect(early).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(200)
    await expect(identification.stampFor('id-1', tag)).resolves.toEqual({
      visitorId: 'v4-visitor',
      requestId: 'v4-event-1',
    })
    expect(report.mock.calls.map(([, kind]) => kind as unknown)).toContain('timeout')
    expect(report.mock.calls.every(([, kind]) => kind === 'timeout')).toBe(true)
  })

  it('reports an agent that failed to load, and a get() that failed', async () => {
    const report = vi.fn()
    await createIdentification(Promise.reject(new Error('blocked')), 100, report).stampFor('id', tag)
    await createIdentification(createV3Agent('reject'), 100, report).stampFor('id', tag)
    expect(report.mock.calls).toEqual([
      [new Error('blocked'), 'agent-load'],
      [new Error('Network connection error'), 'identification'],
    ])
  })
})
