import { describe, expect, it } from 'vitest'
import { connectionCapacity, processOpenFileLimit, readOpenFileLimit } from './descriptor-limit'

const limits = (soft: string): string =>
  [
    'Limit                     Soft Limit           Hard Limit           Units',
    'Max processes             127431               127431               processes',
    `Max open files            ${soft}                 1048576              files`,
  ].join('\n')

describe('the open-file limit', () => {
  it('is read from /proc/self/limits', () => {
    expect(readOpenFileLimit(limits('1024'))).toBe(1024)
    expect(readOpenFileLimit(limits('unlimited'))).toBeUndefined()
    expect(readOpenFileLimit('nothing here')).toBeUndefined()
  })

  it('is this process’s own on Linux', () => {
    expect(processOpenFileLimit()).toBeGreaterThan(0)
  })

  it('bounds the connections, keeping descriptors for the rest', () => {
    expect(connectionCapacity(1024, 1024)).toBe(960)
    expect(connectionCapacity(1024, 65_536)).toBe(1024)
    expect(connectionCapacity(1024, undefined)).toBe(1024)
    expect(connectionCapacity(1024, 10)).toBe(1)
  })
})
