import { readSettings, type SettingsSchema } from '@fingerprint-segment/source-function/internal'
import { describe, expect, it } from 'vitest'
import { choiceKind } from './choice-kind'

describe('choiceKind', () => {
  const schema: SettingsSchema<{ level: 'low' | 'high' }> = {
    level: {
      env: 'LEVEL',
      flag: 'level',
      kind: choiceKind(['low', 'high'] as const),
      default: 'low',
      summary: 'a level',
    },
  }
  const read = (raw: string): unknown =>
    readSettings(schema, { lookup: () => raw, describe: () => '--level', fail: (message) => new TypeError(message) })

  it('reads one of its words, spaces and capitals tolerated', () => {
    expect(read(' HIGH ')).toEqual({ level: 'high' })
  })

  it('names the words it takes when given another', () => {
    expect(() => read('medium')).toThrow(/^--level must be one of 'low', 'high', got "medium"\.$/)
  })
})
