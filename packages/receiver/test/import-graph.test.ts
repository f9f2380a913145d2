/**
 * The module structure of src/ (`readImportGraph`): folders in layers, each importing only its own
 * and lower ones, and no cycle. Tests and benchmarks share their helpers through `support/` and the
 * test kit, never through each other.
 */
import { crossingImports, importCycles, readImportGraph, upwardImports } from '@fingerprint-segment/test-kit'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const graph = readImportGraph(`${packageRoot}src`)

/** The spine, from the bottom. */
const layers = [
  'lib', // the log and the package version
  'store', // where calls wait: SQLite or PostgreSQL, one contract
  'settings', // the receiver's and the backfill's options, declared once
  'delivery', // from the store to Segment's Tracking API: scheduling, backoff, bisection, retention
  'metrics', // the Prometheus metrics of what the layers below do
  'http', // one webhook in, one answer out; health
  'backfill', // events that never arrived, from the Server API's search
  'service', // serve: the process, its lifecycle and signals
  'cli', // the command
]

describe('the import graph of src/', () => {
  it('is read from the import lines (the handler imports the store, the deliverer and the metrics)', () => {
    expect(graph.get('http/create-webhook-handler.ts')).toEqual(
      expect.arrayContaining(['store/open-call-store.ts', 'delivery/call-deliverer.ts', 'metrics/receiver-metrics.ts']),
    )
  })

  it('has no cycle', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('has no import that runs back up, and no folder outside the layers', () => {
    expect(upwardImports(graph, layers)).toEqual([])
  })

  it('has no loose file at the top of src/ but its entry', () => {
    expect([...graph.keys()].filter((file) => !file.includes('/'))).toEqual(['index.ts'])
  })
})

describe('tests and benchmarks', () => {
  it('share their helpers through support/ and the test kit, never through each other', () => {
    expect(
      crossingImports(packageRoot, [
        ['test', 'bench'],
        ['bench', 'test'],
        ['support', 'test'],
        ['support', 'bench'],
      ]),
    ).toEqual([])
  })
})
