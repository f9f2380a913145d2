import { createHash } from 'node:crypto'

/** What identifies a function's code in messages and in the comparison with what Segment holds. */
export interface CodeFingerprint {
  /** Its length in characters (what Segment's editor holds). */
  readonly characters: number
  /** The SHA-256 of its UTF-8 bytes, in hex. */
  readonly sha256: string
}

/** @example codeFingerprint('x') // { characters: 1, sha256: '2d711642...' } */
export function codeFingerprint(code: string): CodeFingerprint {
  return { characters: code.length, sha256: createHash('sha256').update(code, 'utf8').digest('hex') }
}

/** `97,123 characters, sha256 3f2a...`: how output names a version of the code. */
export function describeCode(fingerprint: CodeFingerprint): string {
  return `${fingerprint.characters.toLocaleString('en-US')} characters, sha256 ${fingerprint.sha256}`
}
