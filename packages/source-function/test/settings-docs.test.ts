/**
 * Each default is declared once, in the settings schema; the JSDoc `@default` that editors show on
 * the typed settings must say the same. This reads the interface's source and compares.
 */
import { asDocumentedDefault, documentedDefaults } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'
import { pipelineSettingsSchema } from '../src/pipeline/pipeline-settings'
import type { SettingDeclaration } from '../src/settings/setting-declaration'

describe('PipelineSettings', () => {
  const declarations = pipelineSettingsSchema as Readonly<Record<string, SettingDeclaration<unknown>>>
  const documented = documentedDefaults(
    new URL('../src/pipeline/pipeline-settings.ts', import.meta.url),
    'PipelineSettings',
  )

  it('documents every setting of the schema, and only those', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(declarations).sort())
  })

  it.each(Object.keys(declarations))('%s: the JSDoc @default is the declared default', (key) => {
    expect(documented.get(key)).toBe(asDocumentedDefault((declarations[key] as SettingDeclaration<unknown>).default))
  })
})
