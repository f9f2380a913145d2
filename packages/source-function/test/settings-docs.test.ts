/**
 * Each default is declared once, in a settings schema; the JSDoc `@default` that editors show on
 * the typed settings must say the same. This reads the interfaces' source and compares.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pipelineSettingsSchema } from '../src/pipeline/pipeline-settings'
import { backfillSettingsSchema } from '../src/receiver/backfill-settings'
import { receiverSettingsSchema } from '../src/receiver/receiver-settings'
import type { SettingDeclaration } from '../src/settings/setting-declaration'

/** `@default` of each property of `interfaceName` in a source file: its first word. */
function documentedDefaults(path: string, interfaceName: string): Map<string, string | undefined> {
  const source = readFileSync(new URL(path, import.meta.url), 'utf8')
  const body = new RegExp(`export interface ${interfaceName} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? ''
  const defaults = new Map<string, string | undefined>()
  for (const [, doc = '', key = ''] of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+):/g)) {
    defaults.set(key, /@default (\S+)/.exec(doc)?.[1])
  }
  return defaults
}

/** A default as a JSDoc `@default` writes it: JSON with single quotes. */
const asWritten = (value: unknown): string => JSON.stringify(value).replace(/"/g, "'")

describe.each([
  ['../src/pipeline/pipeline-settings.ts', 'PipelineSettings', pipelineSettingsSchema],
  ['../src/receiver/receiver-settings.ts', 'ReceiverSettings', receiverSettingsSchema],
  ['../src/receiver/backfill-settings.ts', 'BackfillSettings', backfillSettingsSchema],
] as const)('%s', (path, interfaceName, schema) => {
  const declarations = schema as Readonly<Record<string, SettingDeclaration<unknown>>>
  const documented = documentedDefaults(path, interfaceName)

  it('documents every setting of the schema, and only those', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(declarations).sort())
  })

  it.each(Object.keys(declarations))('%s: the JSDoc @default is the declared default', (key) => {
    const declaration = declarations[key] as SettingDeclaration<unknown>
    if (declaration.defaultText === 'required') expect(documented.get(key)).toBeUndefined()
    else expect(documented.get(key)).toBe(asWritten(declaration.default))
  })
})
