import type { SettingKind } from './setting-kinds'

/**
 * One setting, declared once: every host reads it from here (Segment's Settings tab, the receiver's
 * environment variables and flags, the demo), and the docs (`--help`, the README tables) are
 * rendered from here.
 */
export interface SettingDeclaration<Value> {
  /** How it is declared in the Source Function's Settings tab; absent for options only the receiver has. */
  readonly segment?: SegmentSettingDeclaration
  /** The environment variable the receiver (and the demo) read it from. */
  readonly env: string
  /** The receiver's command-line flag, without the leading `--`. */
  readonly flag: string
  readonly kind: SettingKind<Value>
  readonly default: Value
  /** How the docs state the default when its value alone does not say what it means. */
  readonly defaultText?: string
  /** One line: what it does. */
  readonly summary: string
}

/**
 * A setting as Segment's Settings tab declares it. The user types the Label and Segment generates
 * the Name the code reads (`segmentSettingName`), so each Label here produces exactly its Name.
 */
export interface SegmentSettingDeclaration {
  /** The Name: the function reads `settings.<name>`. */
  readonly name: string
  /** The Label to type, which makes Segment generate `name`. */
  readonly label: string
  /** Declared Encrypted (the Public API's `sensitive`): secrets. @default false */
  readonly encrypted?: boolean
}

/** A declaration per key of a typed settings object; the compiler checks that none is missing. */
export type SettingsSchema<Settings> = { readonly [Key in keyof Settings]-?: SettingDeclaration<Settings[Key]> }

/** The default of a declaration as the docs write it. */
export function describeDefault(declaration: SettingDeclaration<unknown>): string {
  return declaration.defaultText ?? declaration.kind.show(declaration.default)
}

/** Every default of a schema, as a typed settings object. */
export function schemaDefaults<Settings>(schema: SettingsSchema<Settings>): Settings {
  const defaults: Partial<Settings> = {}
  for (const key of Object.keys(schema) as (keyof Settings)[]) defaults[key] = schema[key].default
  return defaults as Settings
}
