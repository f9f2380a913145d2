/**
 * Each default is declared once, in a settings schema; the JSDoc `@default` that editors show on
 * the typed settings must say the same. This reads the interfaces' source and compares.
 */
import type { SettingDeclaration } from '@fingerprint-segment/source-function/internal'
import { asDocumentedDefault, documentedDefaults } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'
import { backfillSettingsSchema } from '../src/settings/backfill-settings'
import { deadLetterSettingsSchema } from '../src/settings/dead-letter-settings'
import { receiverSettingsSchema } from '../src/settings/receiver-settings'

describe.each([
  ['../src/settings/receiver-settings.ts', 'ReceiverSettings', receiverSettingsSchema],
  ['../src/settings/backfill-settings.ts', 'BackfillSettings', backfillSettingsSchema],
  ['../src/settings/dead-letter-settings.ts', 'DeadLetterSettings', deadLetterSettingsSchema],
] as const)('%s', (path, interfaceName, schema) => {
  const declarations = schema as Readonly<Record<string, SettingDeclaration<unknown>>>
  const documented = documentedDefaults(new URL(path, import.meta.url), interfaceName)

  it('documents every setting of the schema, and only those', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(declarations).sort())
  })

  it.each(Object.keys(declarations))('%s: the JSDoc @default is the declared default', (key) => {
    const declaration = declarations[key] as SettingDeclaration<unknown>
    if (declaration.defaultText === 'required') expect(documented.get(key)).toBeUndefined()
    else expect(documented.get(key)).toBe(asDocumentedDefault(declaration.default))
  })
})
