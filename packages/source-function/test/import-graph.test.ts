/**
 * The module structure of src/, read from its import lines (`readImportGraph`): folders in layers,
 * each importing only its own and lower ones, no cycle, and the risk verdict independent of the
 * Segment calls that carry it. Tests and benchmarks share helpers through the test kit only.
 */
import { crossingImports, importCycles, readImportGraph, upwardImports } from '@fingerprint-segment/test-kit'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const graph = readImportGraph(`${packageRoot}src`)

/** The spine, from the bottom: what each folder is, in README order. */
const layers = [
  'lib', // JSON, UTF-8, hashing, value checks
  'segment', // Segment's own rules: limits, errors, times, call types, the Tracking API's address
  ['settings', 'envelope'], // the settings machinery; what a webhook body is (format, event id, tag)
  ['event', 'fingerprint-api'], // the Fingerprint event in it; Fingerprint's Server API
  ['payload', 'security', 'risk'], // the site's Segment payload; authenticity and identity; the verdict
  'mapping', // event + payload -> Segment calls
  'pipeline', // one webhook, every check, every host
  'function', // the Segment Source Function host
  ['deploy', 'cli'], // the deploy command
]

describe('the import graph of src/', () => {
  it('is read from the import lines (the mapping imports the call builders, the verdict and the payload)', () => {
    expect(graph.get('mapping/to-segment-calls.ts')).toEqual(
      expect.arrayContaining(['mapping/calls/identify.ts', 'risk/assess-risk.ts', 'payload/read-segment-payload.ts']),
    )
  })

  it('finds a cycle where there is one, and an import that runs back up', () => {
    const withCycle = new Map([
      ['a/x.ts', ['b/y.ts']],
      ['b/y.ts', ['a/x.ts']],
    ])
    expect(importCycles(withCycle)).toEqual(['a/x.ts -> b/y.ts -> a/x.ts'])
    expect(upwardImports(withCycle, ['a', 'b'])).toEqual(['a/x.ts -> b/y.ts'])
  })

  it('has no cycle', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('has no import that runs back up, and no folder outside the layers', () => {
    expect(upwardImports(graph, layers)).toEqual([])
  })

  it('has no loose file at the top of src/ but its entries', () => {
    expect([...graph.keys()].filter((file) => !file.includes('/')).sort()).toEqual(['index.ts', 'internal.ts'])
  })

  it('risk/ only decides: nothing in it imports the calls that carry the verdict', () => {
    for (const [file, targets] of graph)
      if (file.startsWith('risk/'))
        expect({ file, targets: targets.filter((t) => t.startsWith('mapping/')) }).toEqual({ file, targets: [] })
  })
})

describe('tests and benchmarks', () => {
  it('share their helpers through the test kit, never through each other', () => {
    expect(
      crossingImports(packageRoot, [
        ['test', 'bench'],
        ['bench', 'test'],
      ]),
    ).toEqual([])
  })
})
