import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isFingerprintEventId, maxEventIdLength, printableEventId } from './event-id'

describe('isFingerprintEventId', () => {
  it.each(['1708102555327.NLOjmg', '1731012399999.droid1', 'Px6VxbRC6WBkA39yeNH3'])('takes %s', (id) => {
    expect(isFingerprintEventId(id)).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['a dot', '.'],
    ['two dots', '..'],
    ['a path', '../../v4/visitors/x'],
    ['a slash in the random part', '1708102555327.NL/jmg'],
    ['no random part', '1708102555327.'],
    ['no time', '.NLOjmg'],
    ['a query', '1708102555327.NLOjmg?x=1'],
    ['a lone surrogate', '1708102555327.NL\ud800mg'],
    ['a space', '1708102555327 NLOjmg'],
    ['a short word', 'evt-1'],
    ['too long', `1708102555327.${'a'.repeat(40)}`],
  ])('refuses %s', (_case, id) => {
    expect(isFingerprintEventId(id)).toBe(false)
  })

  it('takes nothing longer than maxEventIdLength, and nothing a URL path would read as more than one segment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (id) => {
        if (!isFingerprintEventId(id)) return
        expect(id.length).toBeLessThanOrEqual(maxEventIdLength)
        expect(encodeURIComponent(id)).toBe(id)
        expect(id).not.toMatch(/^\.{1,2}$/)
      }),
    )
  })
})

describe('printableEventId', () => {
  it('prints a Fingerprint-shaped id as it is', () => {
    expect(printableEventId('1708102555327.NLOjmg')).toBe('1708102555327.NLOjmg')
  })

  it('quotes and escapes any other short id, so it cannot forge a log line', () => {
    expect(printableEventId('a\nINFO forged')).toBe('"a\\nINFO forged"')
    expect(printableEventId('..')).toBe('".."')
  })

  it('cuts a long id to a short prefix with its length', () => {
    expect(printableEventId('E'.repeat(20_000))).toBe(`"${'E'.repeat(32)}"... (20000 characters)`)
  })
})
