import { describe, expect, it } from 'vitest'
import {
  describeType,
  describeValue,
  expectBoolean,
  expectChoice,
  expectIdentifier,
  expectNumber,
  expectObject,
  expectString,
  rejectUnknownKeys,
  type FieldReport,
} from './value-checks'

class SettingError extends Error {}

/** Wraps the detail the way a caller does, so the tests see exactly what the checks produce. */
const typed: FieldReport = { fail: (detail) => new SettingError(`[${detail}]`) }
const shown: FieldReport = { ...typed, describe: describeValue }

/** The error a check throws, which must be the caller's own. */
function failure(check: () => unknown): string {
  try {
    check()
  } catch (error) {
    expect(error).toBeInstanceOf(SettingError)
    return (error as Error).message
  }
  throw new Error('the check passed')
}

describe('describeType: the type, never the value', () => {
  it.each([
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    ['', 'an empty string'],
    ['  ', 'a blank string'],
    ['secret@example.com', 'a string'],
    [3, 'a number'],
    [false, 'a boolean'],
  ])('%j: %s', (value, description) => {
    expect(describeType(value)).toBe(description)
  })
})

describe('describeValue: short scalars as written, the rest by type', () => {
  it.each([
    ['deny', '"deny"'],
    [150, '150'],
    [true, 'true'],
    [null, 'null'],
    [[1], 'an array'],
    ['x'.repeat(41), 'a string'],
  ])('%j: %s', (value, description) => {
    expect(describeValue(value)).toBe(description)
  })
})

describe('the checks give the value back, typed, when it passes', () => {
  it('each kind', () => {
    const object = { a: 1 }
    expect(expectObject(object, 'p', typed)).toBe(object)
    expect(expectString('', 'p', typed)).toBe('')
    expect(expectString('abc', 'p', typed, { nonEmpty: true, maxLength: 3 })).toBe('abc')
    expect(expectIdentifier(42, 'p', typed)).toBe('42')
    expect(expectIdentifier('user-1', 'p', typed)).toBe('user-1')
    expect(expectBoolean(false, 'p', typed)).toBe(false)
    expect(expectNumber(0, 'p', typed, { min: 0, max: 100, integer: true })).toBe(0)
    expect(expectNumber(100, 'p', typed, { min: 0, max: 100 })).toBe(100)
    expect(expectChoice('drop', 'p', typed, ['flag', 'drop'])).toBe('drop')
    expect(() => {
      rejectUnknownKeys({ a: 1 }, 'p', typed, ['a', 'b'])
    }).not.toThrow()
  })
})

describe('the checks fail with the caller’s error and a detail naming the path', () => {
  it.each([
    [
      'an array for an object',
      () => expectObject([], 'tag.segment', typed),
      '[tag.segment must be an object, got an array]',
    ],
    ['a number for a string', () => expectString(5, 'p.name', typed), '[p.name must be a string, got a number]'],
    [
      'a blank non-empty string',
      () => expectString(' ', 'p.event', typed, { nonEmpty: true }),
      '[p.event must be a non-empty string, got a blank string]',
    ],
    [
      'a missing required string',
      () => expectString(undefined, 'p.event', typed, { nonEmpty: true }),
      '[p.event must be a non-empty string; it is missing]',
    ],
    [
      'a string over maxLength',
      () => expectString('abcd', 'p.id', typed, { maxLength: 3 }),
      '[p.id is 4 characters long; at most 3 are accepted]',
    ],
    [
      'an object for an id',
      () => expectIdentifier({}, 'p.id', typed),
      '[p.id must be a non-empty string, got an object]',
    ],
    [
      'an infinite id',
      () => expectIdentifier(Infinity, 'p.id', typed),
      '[p.id must be a non-empty string, got a number]',
    ],
    [
      'a number id over maxLength',
      () => expectIdentifier(12345, 'p.id', typed, { maxLength: 4 }),
      '[p.id is 5 characters long; at most 4 are accepted]',
    ],
    ['a word for a boolean', () => expectBoolean('no', 's.on', shown), '[s.on must be true or false, got "no"]'],
    ['text for a number', () => expectNumber('90', 's.n', shown), '[s.n must be a number, got "90"]'],
    ['NaN for a number', () => expectNumber(Number.NaN, 's.n', shown), '[s.n must be a number, got NaN]'],
    [
      'below min and max',
      () => expectNumber(0, 's.n', shown, { min: 1, max: 100 }),
      '[s.n must be between 1 and 100, got 0]',
    ],
    ['below min', () => expectNumber(-1, 's.n', shown, { min: 0 }), '[s.n must be 0 or more, got -1]'],
    ['above max', () => expectNumber(11, 's.n', shown, { max: 10 }), '[s.n must be 10 or less, got 11]'],
    ['a fraction', () => expectNumber(1.5, 's.n', shown, { integer: true }), '[s.n must be a whole number, got 1.5]'],
    [
      'a word not in the choices',
      () => expectChoice('deny', 's.verdict', shown, ['allow', 'block']),
      `[s.verdict must be one of 'allow', 'block', got "deny"]`,
    ],
    [
      'an unknown key',
      () => {
        rejectUnknownKeys({ a: 1, vpnn: 2 }, 's.rules', shown, ['a', 'vpn'], 'rule')
      },
      '[s.rules.vpnn is not a known rule (known: a, vpn)]',
    ],
  ])('%s', (_label, check, message) => {
    expect(failure(check)).toBe(message)
  })

  it('with describeType (the default), a value that fails is never shown', () => {
    expect(failure(() => expectNumber('jon@example.com', 'p.n', typed))).not.toContain('jon@example.com')
    expect(failure(() => expectChoice('jon@example.com', 'p.c', typed, ['a']))).not.toContain('jon@example.com')
  })
})
