/**
 * The oldest version a dependency range accepts, for the ranges the packages declare: `^1.70.0`,
 * `~3.9.0`, `>=4.0.0` or an exact `1.2.3`. Anything else (`||`, `x`, prereleases) is refused, so a
 * range the examples check cannot install at its floor is noticed, not guessed.
 */
export function floorVersion(range: string): string {
  const match = /^(?:\^|~|>=)?\s*(\d+\.\d+\.\d+)$/.exec(range.trim())
  if (!match?.[1]) throw new Error(`No floor version for the range ${JSON.stringify(range)}: use ^x.y.z, ~x.y.z, >=x.y.z or x.y.z.`)
  return match[1]
}
