/**
 * Compares two strings in time that depends only on their lengths, never on where they first
 * differ, so a caller cannot learn a secret digest one character at a time.
 */
export function constantTimeEqual(left: string, right: string): boolean {
  let difference = left.length ^ right.length
  const length = Math.max(left.length, right.length)
  for (let index = 0; index < length; index++) {
    // Out-of-range reads give NaN; `| 0` turns them into 0, and the length check above already failed.
    difference |= (left.charCodeAt(index) | 0) ^ (right.charCodeAt(index) | 0)
  }
  return difference === 0
}
