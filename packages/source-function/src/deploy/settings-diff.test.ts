import { describe, expect, it } from 'vitest'
import type { FunctionSetting } from './public-api-types'
import { diffSettings, isEmptyDiff } from './settings-diff'

const setting = (name: string, extra: Partial<FunctionSetting> = {}): FunctionSetting => ({
  name,
  label: name,
  description: `about ${name}`,
  type: 'STRING',
  required: false,
  sensitive: false,
  ...extra,
})

describe('diffSettings', () => {
  it('finds nothing when the same declarations come in another order', () => {
    const diff = diffSettings([setting('a'), setting('b')], [setting('b'), setting('a')])
    expect(diff).toEqual({ added: [], changed: [], removed: [] })
    expect(isEmptyDiff(diff)).toBe(true)
  })

  it('finds added settings and the fields of changed ones', () => {
    const diff = diffSettings(
      [setting('a'), setting('b', { sensitive: false, description: 'old' })],
      [setting('a'), setting('b', { sensitive: true }), setting('c')],
    )
    expect(diff.added.map((entry) => entry.name)).toEqual(['c'])
    expect(diff.changed).toEqual([
      {
        name: 'b',
        fields: ['description', 'sensitive'],
        from: setting('b', { description: 'old' }),
        to: setting('b', { sensitive: true }),
      },
    ])
    expect(diff.removed).toEqual([])
    expect(isEmptyDiff(diff)).toBe(false)
  })

  it('pairs a removed setting with the added one it was renamed to (a Name from a mistyped Label)', () => {
    const diff = diffSettings(
      [setting('fingerprintServerAPIKey'), setting('legacyThing')],
      [setting('fingerprintServerApiKey'), setting('emitRiskAssessment')],
    )
    expect(diff.removed).toEqual([
      { setting: setting('fingerprintServerAPIKey'), renamedTo: setting('fingerprintServerApiKey') },
      { setting: setting('legacyThing'), renamedTo: undefined },
    ])
  })

  it('never pairs a removed setting with one that existed before', () => {
    const diff = diffSettings([setting('webhookTokens'), setting('webhookToken')], [setting('webhookToken')])
    expect(diff.removed).toEqual([{ setting: setting('webhookTokens'), renamedTo: undefined }])
  })
})
