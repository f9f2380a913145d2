import { describe, expect, it } from 'vitest'
import { batchBody, batchBytes, planBatches, trackingApiLimits, type BatchableCall } from './segment-batch'

function call(size: number, char = 'x'): BatchableCall {
  const json = `{"type":"track","event":"${char.repeat(size)}"}`
  return { json, bytes: Buffer.byteLength(json) }
}

describe('batchBody', () => {
  it('is the Tracking API batch: the calls as stored, and sentAt', () => {
    const body = batchBody([{ json: '{"type":"identify"}' }, { json: '{"type":"track"}' }], new Date(0))
    expect(JSON.parse(body)).toEqual({
      batch: [{ type: 'identify' }, { type: 'track' }],
      sentAt: '1970-01-01T00:00:00.000Z',
    })
  })

  it('is measured exactly by batchBytes, multi-byte characters included', () => {
    const calls = [call(10), call(300, 'é'), call(50, '😀')]
    expect(batchBytes(calls)).toBe(Buffer.byteLength(batchBody(calls, new Date())))
    expect(batchBytes([])).toBe(Buffer.byteLength(batchBody([], new Date())))
  })
})

describe('planBatches', () => {
  it('keeps every batch within 500,000 bytes of JSON, measured in bytes, not characters', () => {
    // 10 KB of two-byte characters per call: 20 KB each, 24 of them fit in a batch, not 48.
    const calls = Array.from({ length: 120 }, () => call(10_000, 'é'))
    const { batches, oversized } = planBatches(calls, { maxCalls: 500 })
    expect(oversized).toEqual([])
    expect(batches.flat()).toEqual(calls)
    for (const batch of batches) {
      const bytes = Buffer.byteLength(batchBody(batch, new Date()))
      expect(bytes).toBeLessThanOrEqual(trackingApiLimits.maxBatchBytes)
    }
    expect(batches.map((batch) => batch.length)).toEqual([24, 24, 24, 24, 24])
  })

  it('fills a batch up to the byte limit exactly', () => {
    const envelope = batchBytes([])
    const first = call(1000)
    // Exactly what is left after `first` and the comma between them.
    const rest = trackingApiLimits.maxBatchBytes - envelope - first.bytes - 1
    const filler = call(rest - Buffer.byteLength('{"type":"track","event":""}'))
    const { batches } = planBatches([first, filler, call(1)], { maxCalls: 100, maxCallBytes: 600_000 })
    expect(batches.map((batch) => batch.length)).toEqual([2, 1])
    expect(batchBytes(batches[0] ?? [])).toBe(trackingApiLimits.maxBatchBytes)
  })

  it('puts at most maxCalls in a batch', () => {
    const { batches } = planBatches(
      Array.from({ length: 7 }, () => call(5)),
      { maxCalls: 3 },
    )
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1])
  })

  it('sets aside a call over 32 KB, which no batch can carry', () => {
    const big = call(trackingApiLimits.maxCallBytes)
    const small = call(10)
    expect(big.bytes).toBeGreaterThan(trackingApiLimits.maxCallBytes)
    expect(planBatches([small, big, small], { maxCalls: 10 })).toEqual({ batches: [[small, small]], oversized: [big] })
  })
})
