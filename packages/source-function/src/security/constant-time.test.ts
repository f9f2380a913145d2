import { describe, expect, it } from 'vitest'
import { constantTimeEqual } from './constant-time'

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['\u0000', '', false],
  ])('%j vs %j: %s', (left, right, equal) => {
    expect(constantTimeEqual(left, right)).toBe(equal)
  })
})
