/**
 * The settings the Source Function declares in Segment, generated from the settings schema
 * (`pipelineSettingsSchema`): the Public API's `settings` array, the rows the `settings` command
 * prints and the README's Settings tab table are all made here, so they cannot disagree.
 */
import { pipelineSettingsSchema, type PipelineSettings } from '../pipeline/pipeline-settings'
import {
  describeDefault,
  type SegmentSettingDeclaration,
  type SettingDeclaration,
} from '../settings/setting-declaration'
import type { FunctionSetting } from './public-api-types'

/** A setting as a person declares it in the editor's Settings tab. */
export interface SettingsTabDeclaration {
  /** What to type in Label; Segment makes `name` from it. */
  readonly label: string
  /** The Name Segment makes, which the function reads. */
  readonly name: string
  /** The Type to choose, as the Settings tab words it. */
  readonly type: 'string' | 'boolean'
  /** Tick Encrypted (a secret). */
  readonly encrypted: boolean
  /** What applies when the setting is left empty, as the docs write it (Markdown code marks). */
  readonly defaultText: string
  /** What it does, one line (Markdown code marks). */
  readonly summary: string
}

/** Strips the Markdown code marks the schema's summaries use. */
const plainText = (text: string): string => text.replace(/`/g, '')

const declarations: readonly { segment: SegmentSettingDeclaration; declaration: SettingDeclaration<unknown> }[] =
  Object.values(pipelineSettingsSchema as Readonly<Record<string, SettingDeclaration<unknown>>>).flatMap(
    (declaration) => (declaration.segment === undefined ? [] : [{ segment: declaration.segment, declaration }]),
  )

/** Every setting the Source Function reads, in the schema's order, as the Settings tab declares it. */
export const settingsTabDeclarations: readonly SettingsTabDeclaration[] = declarations.map(
  ({ segment, declaration }) => ({
    label: segment.label,
    name: segment.name,
    type: declaration.kind.segmentType === 'BOOLEAN' ? 'boolean' : 'string',
    encrypted: segment.encrypted === true,
    defaultText: describeDefault(declaration),
    summary: declaration.summary,
  }),
)

/**
 * Every setting the Source Function reads, as the Public API declares it: the exact Name, the Label
 * that makes it, Segment's type, the summary and default as the description, never required (each
 * has a default, and an empty setting counts as not set), secrets `sensitive`.
 */
export const functionSettings: readonly FunctionSetting[] = declarations.map(({ segment, declaration }) => ({
  name: segment.name,
  label: segment.label,
  description: `${plainText(declaration.summary)}. Default: ${plainText(describeDefault(declaration))}.`,
  type: declaration.kind.segmentType,
  required: false,
  sensitive: segment.encrypted === true,
}))

/** The declaration of one setting, by its Name. */
export function settingsTabDeclaration(name: string): SettingsTabDeclaration | undefined {
  return settingsTabDeclarations.find((declaration) => declaration.name === name)
}

/** The Name a pipeline setting has in Segment (`webhookTokens` -> `webhookToken`). */
export function segmentSettingNameOf(key: keyof PipelineSettings): string {
  return pipelineSettingsSchema[key].segment?.name ?? key
}
