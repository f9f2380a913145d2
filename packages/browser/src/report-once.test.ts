import { describe, expect, it, vi } from 'vitest'
import { reportOnce } from './report-once'

describe('reportOnce', () => {
  it('calls onError once per failure kind', () => {
    const onError = vi.fn()
    const report = reportOnce(onError)
    report(new Error('a'), 'timeout')
    report(new Error('b'), 'timeout')
    report(new Error('c'), 'agent-load')
    expect(onError.mock.calls).toEqual([
      [new Error('a'), 'timeout'],
      [new Error('c'), 'agent-load'],
    ])
  })

  it('swallows what onError throws, and works without onError', () => {
    const throwing = reportOnce(() => {
      throw new Error('broken handler')
    })
    expect(() => throwing(new Error('x'), 'payload')).not.toThrow()
    expect(() => reportOnce(undefined)(new Error('x'), 'payload')).not.toThrow()
  })
})
