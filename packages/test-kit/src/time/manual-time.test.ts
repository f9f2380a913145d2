import { describe, expect, it } from 'vitest'
import { createManualTime } from './manual-time'

describe('createManualTime', () => {
  it('runs tasks when their time comes, in order, and not before', async () => {
    const time = createManualTime(1000)
    const ran: string[] = []
    time.scheduler.schedule(50, () => ran.push(`b at ${time.now}`))
    time.scheduler.schedule(10, () => ran.push(`a at ${time.now}`))
    const cancelled = time.scheduler.schedule(20, () => ran.push('cancelled'))
    cancelled.cancel()
    await time.advance(30)
    expect(ran).toEqual(['a at 1010'])
    expect(time.now).toBe(1030)
    await time.advance(30)
    expect(ran).toEqual(['a at 1010', 'b at 1050'])
    expect(time.pending).toBe(0)
  })

  it('lets the promises a task starts settle, so chained waits run in one advance', async () => {
    const time = createManualTime(0)
    const seen: number[] = []
    const wait = (ms: number): Promise<void> => new Promise((resolve) => time.scheduler.schedule(ms, resolve))
    void (async () => {
      for (let step = 0; step < 3; step++) {
        await wait(100)
        seen.push(time.now)
      }
    })()
    await time.advance(1000)
    expect(seen).toEqual([100, 200, 300])
  })

  it('advances until a condition holds, and says so when it does not', async () => {
    const time = createManualTime(0)
    let done = false
    time.scheduler.schedule(250, () => (done = true))
    expect(await time.advanceUntil(() => done, 1000)).toBe(250)
    await expect(time.advanceUntil(() => false, 1000, 'never')).rejects.toThrow(/never: not within 1000 ms/)
  })
})
