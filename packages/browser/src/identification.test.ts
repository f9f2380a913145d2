import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createV3Agent, createV4Agent } from '../test/agents'
import { createIdentification } from './identification'
import type { FingerprintPluginOptions } from './options'
import { resolvePluginOptions } from './plugin-options'
import { CACHE_KEY } from './session-cache'

const payload = () => Promise.resolve({ anonymousId: 'a' })
/** The plugin's options with these changes (the cache off unless a test turns it on). */
const options = (changes: Partial<FingerprintPluginOptions> = {}) =>
  resolvePluginOptions({ agent: createV3Agent(), cache: false, ...changes })

describe('createIdentification', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    sessionStorage.clear()
  })

  it('shares one get() between concurrent calls for the same identity, and keeps its result', async () => {
    const agent = createV4Agent({ delayMs: 100 })
    const [stampFor] = createIdentification(agent, options(), vi.fn())
    const first = stampFor('id-1', payload)
    const second = stampFor('id-1', payload)
    await vi.advanceTimersByTimeAsync(100)
    const expected = { visitorId: 'v4-visitor', requestId: 'v4-event-1' }
    await expect(first).resolves.toEqual(expected)
    await expect(second).resolves.toEqual(expected)
    await expect(stampFor('id-1', payload)).resolves.toEqual(expected)
    expect(agent.calls).toEqual([{ tag: { integrations: { segment: { anonymousId: 'a' } } } }])
  })

  it('starts a new identification for a new identity; a prefix matches the identification in flight', async () => {
    const agent = createV3Agent()
    const [stampFor] = createIdentification(agent, options(), vi.fn())
    await stampFor('["u","a"]null', payload)
    await expect(stampFor('["u","a"]', payload)).resolves.toMatchObject({ requestId: 'v3-request-1' })
    await expect(stampFor('["u","b"]null', payload)).resolves.toMatchObject({
      requestId: 'v3-request-2',
    })
  })

  it('counts the bounded wait from the start of the identification, reporting the timeout', async () => {
    const report = vi.fn()
    const [stampFor] = createIdentification(createV3Agent('hang'), options({ timeout: 300 }), report)
    const first = stampFor('id-1', payload)
    await vi.advanceTimersByTimeAsync(200)
    const second = stampFor('id-1', payload)
    await vi.advanceTimersByTimeAsync(100) // both end at the 300 ms deadline
    await expect(first).resolves.toBeUndefined()
    await expect(second).resolves.toBeUndefined()
    // Past the deadline an event waits for nothing: no timer, no new reaction on the hung get().
    const late = stampFor('id-1', payload)
    expect(vi.getTimerCount()).toBe(0)
    await expect(late).resolves.toBeUndefined()
    expect(report).toHaveBeenCalledWith(expect.any(Error), 'timeout')
  })

  it('uses one timer per identification, however many events wait for it', async () => {
    const [stampFor] = createIdentification(createV3Agent('hang'), options({ timeout: 300 }), vi.fn())
    const waiting = Array.from({ length: 5 }, () => stampFor('id-1', payload))
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(300)
    await expect(Promise.all(waiting)).resolves.toEqual(Array(5).fill(undefined))
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stamps events after the deadline once a late identification completes', async () => {
    const report = vi.fn()
    const [stampFor] = createIdentification(createV4Agent({ delayMs: 500 }), options({ timeout: 300 }), report)
    const early = stampFor('id-1', payload)
    await vi.advanceTimersByTimeAsync(300)
    await expect(early).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(200)
    await expect(stampFor('id-1', payload)).resolves.toEqual({
      visitorId: 'v4-visitor',
      requestId: 'v4-event-1',
    })
    expect(report.mock.calls.map(([, kind]) => kind as unknown)).toEqual(['timeout'])
  })

  it('leave(0) releases the waiting events at once, without reporting a timeout', async () => {
    const report = vi.fn()
    const [stampFor, leave] = createIdentification(createV3Agent('hang'), options({ timeout: 10_000 }), report)
    const waiting = stampFor('id-1', payload)
    let released = false
    void waiting.then(() => (released = true))
    leave(0)
    await vi.advanceTimersByTimeAsync(0) // microtasks only: no timer is due
    expect(released).toBe(true)
    expect(report).not.toHaveBeenCalled()
  })

  it('leave(ms) releases the identification in flight then; one started after it (a new identity) waits as usual', async () => {
    const [stampFor, leave] = createIdentification(createV3Agent('hang'), options({ timeout: 10_000 }), vi.fn())
    const from = Date.now()
    let inFlightAt = 0
    let laterAt = 0
    void stampFor('id-1', payload).then(() => (inFlightAt = Date.now()))
    leave(150)
    await vi.advanceTimersByTimeAsync(100)
    // e.g. the Identify after a sign-in request that the click started
    void stampFor('id-2', payload).then(() => (laterAt = Date.now()))
    await vi.advanceTimersByTimeAsync(49)
    expect(inFlightAt).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(inFlightAt - from).toBe(150)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(laterAt).toBe(0)
    leave(0) // still released when the page is left
    await vi.advanceTimersByTimeAsync(0)
    expect(laterAt).toBe(from + 1_150)
  })

  it('leave(0) releases the events of every identification still waiting, not only the latest', async () => {
    const [stampFor, leave] = createIdentification(createV3Agent('hang'), options({ timeout: 10_000 }), vi.fn())
    const waiting = [stampFor('id-1', payload), stampFor('id-2', payload)] // a new identity meanwhile
    let released = 0
    for (const stamp of waiting) void stamp.then(() => (released += 1))
    leave(0)
    await vi.advanceTimersByTimeAsync(0)
    expect(released).toBe(2)
  })

  it('after a release, an identification started later waits again, up to the timeout', async () => {
    const [stampFor, leave] = createIdentification(createV3Agent('hang'), options({ timeout: 300 }), vi.fn())
    leave(150)
    await vi.advanceTimersByTimeAsync(150)
    let done = 0
    void stampFor('id-1', payload).then(() => (done = Date.now()))
    const from = Date.now()
    await vi.advanceTimersByTimeAsync(299)
    expect(done).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(done - from).toBe(300)
  })

  it('reports an agent that failed to load, and a get() that failed', async () => {
    const report = vi.fn()
    await createIdentification(Promise.reject(new Error('blocked')), options(), report)[0]('id', payload)
    await createIdentification(createV3Agent('reject'), options(), report)[0]('id', payload)
    expect(report.mock.calls).toEqual([
      [new Error('blocked'), 'agent-load'],
      [new Error('Network connection error'), 'identification'],
    ])
  })

  it('keeps the identification for the next page load of the same identity, not for another', async () => {
    const agent = createV3Agent()
    const cached = options({ cache: 'sessionStorage' })
    await createIdentification(agent, cached, vi.fn())[0]('id-1', payload)
    // A new page load: a new identification object reading the same storage.
    const [nextPage] = createIdentification(agent, cached, vi.fn())
    await expect(nextPage('id-1', payload)).resolves.toEqual({
      visitorId: 'v3-visitor',
      requestId: 'v3-request-1',
    })
    await expect(nextPage('id-2', payload)).resolves.toMatchObject({ requestId: 'v3-request-2' })
    expect(agent.calls).toHaveLength(2)
  })

  it('forget() drops the identification of the page and the kept one; a late result is not kept', async () => {
    const agent = createV3Agent({ delayMs: 50 })
    const cached = options({ cache: 'sessionStorage' })
    const [stampFor, , forget] = createIdentification(agent, cached, vi.fn())
    const waiting = stampFor('id-1', payload)
    forget()
    await vi.advanceTimersByTimeAsync(50)
    await waiting
    expect(sessionStorage.getItem(CACHE_KEY)).toBeNull()
    await createIdentification(createV3Agent(), cached, vi.fn())[0]('id-1', payload)
    expect(sessionStorage.getItem(CACHE_KEY)).not.toBeNull()
    forget()
    expect(sessionStorage.getItem(CACHE_KEY)).toBeNull()
  })
})
