import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadFunctionSandbox, loadFunctionSandboxFromCode, withSortedKeys } from './function-sandbox'

describe('withSortedKeys', () => {
  it('sorts the keys of every object, at every level, and keeps arrays in order', () => {
    const sorted = withSortedKeys(JSON.parse('{"b":1,"a":{"d":[{"z":1,"y":2},3],"c":null}}'))
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}')
  })

  it('keeps a "__proto__" key an own key, as JSON.parse made it', () => {
    const sorted = withSortedKeys(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype)
    expect(JSON.stringify(sorted)).toBe('{"__proto__":{"polluted":true},"a":1}')
  })

  it('copies a value nested 10,000 levels deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as unknown
    expect(() => withSortedKeys(deep)).not.toThrow()
  })
})

describe('loadFunctionSandbox: prepared runs', () => {
  /** A bundle that emits one Track call with the body's id, changes it once emitted, and counts its runs. */
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'function-sandbox-')), 'bundle.js')
  writeFileSync(
    bundlePath,
    `let runs = 0
async function onRequest(request) {
  const body = request.json()
  runs++
  const payload = { anonymousId: 'a', event: 'Seen', properties: { id: body.id, runs } }
  Segment.track(payload)
  payload.properties.changedAfterwards = true
}`,
  )

  it('build the request once, time the function alone, and give the calls as they are when it returns', async () => {
    const sandbox = loadFunctionSandbox(bundlePath)
    const prepared = sandbox.prepare({ body: '{"id":"e-1"}' })
    const first = await prepared.run()
    const second = await prepared.run()
    expect(first.calls).toEqual([
      {
        type: 'track',
        payload: { anonymousId: 'a', event: 'Seen', properties: { id: 'e-1', runs: 1, changedAfterwards: true } },
      },
    ])
    expect(second.calls[0]?.payload).toMatchObject({ properties: { runs: 2 } })
    expect(first.functionMs).toBeGreaterThanOrEqual(0)
    expect(await sandbox.run({ body: '{"id":"e-2"}' })).toEqual({
      calls: [
        {
          type: 'track',
          payload: { anonymousId: 'a', event: 'Seen', properties: { id: 'e-2', runs: 3, changedAfterwards: true } },
        },
      ],
      logs: [],
    })
  })

  it('refuse a body over 512 KiB without running the function', async () => {
    const prepared = loadFunctionSandbox(bundlePath).prepare({ body: `{"id":"${'x'.repeat(600 * 1024)}"}` })
    expect(await prepared.run()).toMatchObject({ refused: { status: 413 }, calls: [], functionMs: 0 })
  })
})

describe('loadFunctionSandboxFromCode', () => {
  it('runs code given as text, as a bundle file would run', async () => {
    const sandbox = loadFunctionSandboxFromCode(
      `async function onRequest(request, settings) { Segment.track({ anonymousId: 'a', event: settings.eventName }) }`,
    )
    expect(await sandbox.run({ body: '{}' }, { eventName: 'From Text' })).toEqual({
      calls: [{ type: 'track', payload: { anonymousId: 'a', event: 'From Text' } }],
      logs: [],
    })
  })

  it('says which code defines no onRequest, by the name it is given', () => {
    expect(() => loadFunctionSandboxFromCode('const x = 1', {}, 'the recorded code')).toThrow(
      'the recorded code does not define a top-level onRequest function.',
    )
  })
})
