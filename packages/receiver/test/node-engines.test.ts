/**
 * Issue 21, 7: the receiver states the Node.js versions it is tested on (`engines`), and its tests
 * run on each: the machine's Node 20 (`npm test`) and Node 24 from the npm registry
 * (scripts/test-receiver-on-node.sh, a step of `npm test`). Whichever runs this, it is in the range.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string }
}

/** Whether `version` (`24.11.1`) is in a range of `^major.minor.patch` parts joined by `||`. */
function inCaretRanges(version: string, ranges: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  return ranges.split('||').some((range) => {
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range.trim())
    if (!match) throw new Error(`engines: expected ^major.minor.patch parts, got "${range.trim()}"`)
    const [low, lowMinor, lowPatch] = match.slice(1).map(Number) as [number, number, number]
    return major === low && (minor > lowMinor || (minor === lowMinor && patch >= lowPatch))
  })
}

describe('the Node.js versions the receiver is tested on', () => {
  it('are its engines: Node 20 and Node 24', () => {
    expect(manifest.engines.node).toBe('^20.19.0 || ^24.0.0')
    expect(inCaretRanges('20.20.2', manifest.engines.node)).toBe(true)
    expect(inCaretRanges('24.22.3', manifest.engines.node)).toBe(true)
    expect(inCaretRanges('22.12.0', manifest.engines.node)).toBe(false)
    expect(inCaretRanges('26.0.0', manifest.engines.node)).toBe(false)
  })

  it(`include the Node.js running these tests (${process.versions.node})`, () => {
    expect(inCaretRanges(process.versions.node, manifest.engines.node)).toBe(true)
  })
})
