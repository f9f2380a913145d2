/**
 * fast-check generators of hostile JSON: strings that break naive code (control characters, lone
 * surrogates, huge strings), keys that reach prototypes, and any small JSON value built of them.
 */
import fc from 'fast-check'

/** Strings that break naive code: control characters, lone surrogates, emoji, line separators. */
const oddString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\u2028',
  'é',
  '🚀',
  'Zoë',
  '"',
  '\\',
  '<script>',
  'a'.repeat(257),
  'x'.repeat(20_000),
)

/** Mostly short text over all of unicode, sometimes one of the odd strings. */
export const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: oddString },
)

/** Keys that reach prototypes when copied carelessly, among ordinary ones. */
export const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'fingerprint',
      'userId',
    ),
  },
)

/** Any JSON value, small, with hostile keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value
