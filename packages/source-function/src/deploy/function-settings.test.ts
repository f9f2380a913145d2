import { describe, expect, it } from 'vitest'
import { readSegmentSettings } from '../function/segment-settings'
import { pipelineSettingsSchema } from '../pipeline/pipeline-settings'
import { segmentSettingName } from '../settings/segment-setting-name'
import type { SettingDeclaration } from '../settings/setting-declaration'
import { functionSettings, segmentSettingNameOf, settingsTabDeclarations } from './function-settings'

const schemaDeclarations = Object.values(
  pipelineSettingsSchema as Readonly<Record<string, SettingDeclaration<unknown>>>,
)

describe('functionSettings: the settings deploy declares, from the schema', () => {
  it('declares every setting of the schema that Segment holds, once, in the schema order', () => {
    const names = schemaDeclarations.flatMap((declaration) => (declaration.segment ? [declaration.segment.name] : []))
    expect(names.length).toBeGreaterThan(5)
    expect(functionSettings.map((setting) => setting.name)).toEqual(names)
  })

  it.each(functionSettings.map((setting) => [setting.name, setting] as const))(
    '%s: the Label makes the Name, the type and Encrypted come from the schema, never required',
    (_name, setting) => {
      const declaration = schemaDeclarations.find((candidate) => candidate.segment?.name === setting.name)
      expect(segmentSettingName(setting.label)).toBe(setting.name)
      expect(setting).toMatchObject({
        label: declaration?.segment?.label,
        type: declaration?.kind.segmentType,
        required: false,
        sensitive: declaration?.segment?.encrypted === true,
      })
      expect(setting.description).toContain(declaration?.summary.replace(/`/g, '').slice(0, 40))
      expect(setting.description).toMatch(/ Default: .+\.$/)
      expect(setting.description).not.toContain('`')
    },
  )

  it('declares the secrets Encrypted (sensitive) and booleans as BOOLEAN', () => {
    const byName = new Map(functionSettings.map((setting) => [setting.name, setting]))
    expect(byName.get('fingerprintServerApiKey')).toMatchObject({ sensitive: true, type: 'STRING' })
    expect(byName.get('webhookToken')).toMatchObject({ sensitive: true })
    expect(byName.get('fingerprintRegion')).toMatchObject({ sensitive: false })
    expect(byName.get('acceptUnauthenticatedWebhooks')).toMatchObject({ type: 'BOOLEAN', sensitive: false })
  })

  it('declares exactly the Names the deployed function reads: it accepts all of them and refuses another', () => {
    const everyName = Object.fromEntries(functionSettings.map((setting) => [setting.name, '']))
    expect(() => readSegmentSettings(everyName)).not.toThrow()
    expect(() => readSegmentSettings({ ...everyName, fingerprintServerAPIKey: 'x' })).toThrow(/does not read/)
  })
})

describe('settingsTabDeclarations: the same settings as a person types them', () => {
  it('has one row per declared setting, with the Settings tab words for the type', () => {
    expect(settingsTabDeclarations.map((row) => [row.name, row.label, row.type, row.encrypted])).toEqual(
      functionSettings.map((setting) => [
        setting.name,
        setting.label,
        setting.type === 'BOOLEAN' ? 'boolean' : 'string',
        setting.sensitive,
      ]),
    )
  })
})

describe('segmentSettingNameOf', () => {
  it('gives the Name in Segment of a typed setting', () => {
    expect(segmentSettingNameOf('webhookTokens')).toBe('webhookToken')
    expect(segmentSettingNameOf('fingerprintServerApiKey')).toBe('fingerprintServerApiKey')
  })
})
