import { describe, expect, it } from 'vitest'
import { floorVersion } from './version-floor'

describe('floorVersion', () => {
  it.each([
    ['^1.70.0', '1.70.0'],
    ['~3.9.0', '3.9.0'],
    ['>=4.0.0', '4.0.0'],
    ['4.1.5', '4.1.5'],
  ])('%s starts at %s', (range, floor) => {
    expect(floorVersion(range)).toBe(floor)
  })

  it.each(['^1.70.0 || ^2.0.0', '1.x', '*', '^4.0.0-beta.1'])('refuses %s', (range) => {
    expect(() => floorVersion(range)).toThrow('No floor version')
  })
})
