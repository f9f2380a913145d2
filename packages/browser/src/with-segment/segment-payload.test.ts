import { describe, expect, it, vi } from 'vitest'
import type { SegmentAnalytics, SegmentAnalyticsBrowser } from '../analytics-types'
import { readSegmentPayload } from './segment-payload'

const user = { id: () => 'u1', anonymousId: () => 'a1', traits: () => ({ plan: 'pro' }) }
const group = { id: () => null, traits: () => undefined }
const loaded: SegmentAnalytics = { user: () => user, group: () => group }
const buffered: SegmentAnalyticsBrowser = { user: () => Promise.resolve(user), group: () => Promise.resolve(group) }

describe('readSegmentPayload', () => {
  it('reads the loaded instance and the buffered one alike', async () => {
    const expected = { anonymousId: 'a1', identify: { userId: 'u1', traits: { plan: 'pro' } } }
    await expect(readSegmentPayload(loaded, undefined, undefined, vi.fn(), 1000)).resolves.toEqual(expected)
    await expect(readSegmentPayload(buffered, undefined, undefined, vi.fn(), 1000)).resolves.toEqual(expected)
  })

  it('adds the identity proof, under the overrides', async () => {
    await expect(readSegmentPayload(loaded, undefined, 'p1', vi.fn(), 1000)).resolves.toMatchObject({
      identityProof: 'p1',
    })
    await expect(
      readSegmentPayload(loaded, { identityProof: 'mine' }, async () => 'p2', vi.fn(), 1000),
    ).resolves.toMatchObject({ identityProof: 'mine' })
  })

  it('leaves out an empty or missing proof, and reports a failing one', async () => {
    const report = vi.fn()
    await expect(readSegmentPayload(loaded, undefined, () => '', report, 1000)).resolves.not.toHaveProperty(
      'identityProof',
    )
    await expect(readSegmentPayload(loaded, undefined, () => undefined, report, 1000)).resolves.not.toHaveProperty(
      'identityProof',
    )
    const failing = (): string => {
      throw new Error('no session')
    }
    await expect(readSegmentPayload(loaded, undefined, failing, report, 1000)).resolves.not.toHaveProperty(
      'identityProof',
    )
    expect(report.mock.calls).toEqual([[new Error('no session'), 'payload']])
  })

  it('leaves out a proof that does not answer within the timeout, reporting it', async () => {
    const report = vi.fn()
    const payload = await readSegmentPayload(loaded, undefined, () => new Promise<string>(() => undefined), report, 10)
    expect(payload).toEqual({ anonymousId: 'a1', identify: { userId: 'u1', traits: { plan: 'pro' } } })
    expect(report).toHaveBeenCalledWith(
      new Error('[fingerprint-segment] identityProof did not answer within 10 ms'),
      'timeout',
    )
  })
})
