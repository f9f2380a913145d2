import { describe, expect, it } from 'vitest'
import { maxPrintedEventIdLength, printableEventId } from './printable-event-id'

describe('printableEventId', () => {
  it.each(['1708102555327.NLOjmg', 'Px6VxbRC6WBkA39yeNH3', 'a'.repeat(maxPrintedEventIdLength)])(
    'prints a Fingerprint-shaped id as it is: %s',
    (id) => {
      expect(printableEventId(id)).toBe(id)
    },
  )

  it('quotes and escapes a short id with unusual characters, so it cannot forge a log line', () => {
    expect(printableEventId('a\nINFO forged')).toBe('"a\\nINFO forged"')
  })

  it('cuts a long id to a short prefix with its length', () => {
    const printed = printableEventId('E'.repeat(20_000))
    expect(printed).toBe(`"${'E'.repeat(32)}"... (20000 characters)`)
  })
})
