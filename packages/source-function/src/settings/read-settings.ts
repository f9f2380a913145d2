import { ValidationError } from '../segment/errors'
import type { SettingDeclaration, SettingsSchema } from './setting-declaration'
import { isUnsetSetting, settingReport, SettingValueError } from './setting-kinds'

/** Where a host finds one setting's raw value, and how its errors name it. */
export interface SettingSource {
  /** The raw value of a declaration (`key`: its key in the typed settings), or `undefined` when it is not given there. */
  lookup(declaration: SettingDeclaration<unknown>, key: string): unknown
  /** How error messages name the setting, e.g. `The setting webhookSecret` or `--webhook-secret / FINGERPRINT_WEBHOOK_SECRET`. */
  describe(declaration: SettingDeclaration<unknown>, key: string): string
  /** The error a wrong value becomes. */
  fail(message: string): Error
}

/**
 * Reads every setting of `schema` that `source` gives (a blank value counts as not given); the
 * others are left out, so a host applies its own defaults or keeps them for later.
 *
 * @throws whatever `source.fail` makes, with a message naming the setting and what it must be
 */
export function readSettings<Settings>(schema: SettingsSchema<Settings>, source: SettingSource): Partial<Settings> {
  const settings: Partial<Settings> = {}
  for (const key of Object.keys(schema) as (keyof Settings)[]) {
    const declaration = schema[key] as SettingDeclaration<unknown>
    const raw = source.lookup(declaration, String(key))
    if (isUnsetSetting(raw)) continue
    const name = source.describe(declaration, String(key))
    try {
      settings[key] = declaration.kind.read(
        raw,
        name,
        settingReport((message) => source.fail(message)),
      ) as Settings[keyof Settings]
    } catch (error) {
      if (!(error instanceof SettingValueError)) throw error
      throw source.fail(`${name} ${error.detail}.`)
    }
  }
  return settings
}

/**
 * Segment's Settings tab as a source: `settings.<name>` by each declaration's `setting` name;
 * wrong values are `ValidationError`s naming the setting (Segment shows them as "Message Rejected").
 */
export function segmentSettingsSource(raw: Readonly<Record<string, unknown>> | undefined): SettingSource {
  return {
    lookup: (declaration) => (declaration.segment === undefined ? undefined : raw?.[declaration.segment.name]),
    describe: (declaration) => `The setting ${declaration.segment?.name ?? declaration.flag}`,
    fail: (message) => new ValidationError(message),
  }
}
