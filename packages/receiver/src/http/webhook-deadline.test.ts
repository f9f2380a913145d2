import { createManualTime } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'
import { withinDeadline } from './webhook-deadline'

describe('withinDeadline', () => {
  it('gives the work when it ends in time', async () => {
    const time = createManualTime()
    const answer = withinDeadline(Promise.resolve('stored'), time.now + 100, time, 'commit', 100)
    await time.advance(0)
    await expect(answer).resolves.toBe('stored')
    expect(time.pending).toBe(0)
  })

  it('answers StoreUnavailableError at the deadline when the store is slower', async () => {
    const time = createManualTime()
    const never = new Promise<string>(() => undefined)
    const answer = withinDeadline(never, time.now + 2500, time, 'commit', 2500)
    const outcome = answer.then(
      () => 'resolved',
      (error: unknown) => error,
    )
    await time.advance(2499)
    expect(time.pending).toBe(1)
    await time.advance(1)
    expect(await outcome).toMatchObject({
      name: 'StoreUnavailableError',
      message: 'the store did not commit within 2500 ms',
    })
  })
})
