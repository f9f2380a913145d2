import { closestName } from '../settings/closest-name'
import type { FunctionSetting } from './public-api-types'

/** The fields of a declaration that can differ (the Name identifies it). */
export const settingFields = ['label', 'description', 'type', 'required', 'sensitive'] as const
export type SettingField = (typeof settingFields)[number]

/** A setting declared both on the function and here, with different fields. */
export interface ChangedSetting {
  readonly name: string
  readonly fields: readonly SettingField[]
  readonly from: FunctionSetting
  readonly to: FunctionSetting
}

/** A setting the function declares that this version does not read. */
export interface RemovedSetting {
  readonly setting: FunctionSetting
  /**
   * The added setting it most likely became (its Name differs by case or a few characters, e.g.
   * `fingerprintServerAPIKey` -> `fingerprintServerApiKey`): the sources' values for it must be
   * entered again under the new Name.
   */
  readonly renamedTo: FunctionSetting | undefined
}

/** How the settings declared on a function differ from the ones this version declares. */
export interface SettingsDiff {
  readonly added: readonly FunctionSetting[]
  readonly changed: readonly ChangedSetting[]
  readonly removed: readonly RemovedSetting[]
}

export function isEmptyDiff(diff: SettingsDiff): boolean {
  return diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0
}

/**
 * Compares the declarations by Name; their order does not matter. Pure.
 *
 * @param current what the function declares now
 * @param desired what this version declares
 */
export function diffSettings(current: readonly FunctionSetting[], desired: readonly FunctionSetting[]): SettingsDiff {
  const currentByName = new Map(current.map((setting) => [setting.name, setting]))
  const desiredNames = new Set(desired.map((setting) => setting.name))
  const added = desired.filter((setting) => !currentByName.has(setting.name))
  const changed = desired.flatMap((setting): ChangedSetting[] => {
    const existing = currentByName.get(setting.name)
    if (existing === undefined) return []
    const fields = settingFields.filter((field) => existing[field] !== setting[field])
    return fields.length === 0 ? [] : [{ name: setting.name, fields, from: existing, to: setting }]
  })
  const addedNames = added.map((setting) => setting.name)
  const removed = current
    .filter((setting) => !desiredNames.has(setting.name))
    .map((setting) => {
      const closest = closestName(setting.name, addedNames)
      return { setting, renamedTo: added.find((candidate) => candidate.name === closest) }
    })
  return { added, changed, removed }
}
