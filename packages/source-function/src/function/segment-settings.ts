import { ValidationError } from '../segment/errors'
import { pipelineSettingsSchema, type PipelineSettings } from '../pipeline/pipeline-settings'
import { closestName } from '../settings/closest-name'
import { readSettings, segmentSettingsSource } from '../settings/read-settings'
import type { SegmentSettingDeclaration } from '../settings/setting-declaration'
import type { FunctionSettings } from './segment-runtime'

/** The settings the Source Function reads, as declared in Segment's Settings tab. */
const declaredSettings: readonly SegmentSettingDeclaration[] = Object.values(pipelineSettingsSchema).flatMap(
  (declaration) => (declaration.segment === undefined ? [] : [declaration.segment]),
)
const settingNames = declaredSettings.map((declaration) => declaration.name)
const knownNames: ReadonlySet<string> = new Set(settingNames)

/** How a setting is declared in the Settings tab, in words. */
export function describeDeclaration(declaration: SegmentSettingDeclaration): string {
  return `Label "${declaration.label}" (Segment makes the Name ${declaration.name})${declaration.encrypted === true ? ', Encrypted' : ''}`
}

/**
 * The pipeline settings Segment's Settings tab holds (strings, booleans, arrays), typed. Unset and
 * blank settings are left out, so their defaults apply. A setting of another name is refused: a
 * security setting declared under a name the function does not read (`fingerprintServerAPIKey`)
 * would otherwise leave the function unprotected without a word.
 *
 * @throws ValidationError naming the setting and what it must be, or the unknown setting and the
 *   closest known one with its Label
 */
export function readSegmentSettings(raw: FunctionSettings | undefined): Partial<PipelineSettings> {
  for (const name of Object.keys(raw ?? {})) {
    if (knownNames.has(name)) continue
    const closest = closestName(name, settingNames)
    const declaration = declaredSettings.find((candidate) => candidate.name === closest)
    throw new ValidationError(
      `The function has a setting named ${JSON.stringify(name)}, which it does not read${
        declaration === undefined
          ? ''
          : `: did you mean ${declaration.name}? Declare it with ${describeDeclaration(declaration)}`
      }. Delete or rename the setting in the function's Settings tab (the settings it reads are listed in the package README).`,
    )
  }
  return readSettings(pipelineSettingsSchema, segmentSettingsSource(raw))
}

/**
 * A copy of the settings Segment handed over, one level deep (Segment's setting types are strings,
 * booleans, arrays and text maps), to compare the next call's settings with.
 */
export function snapshotSettings(settings: FunctionSettings): FunctionSettings {
  const copy: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(settings)) copy[name] = copyValue(value)
  return copy
}

/** True when two settings objects hold the same values (compared one level into arrays and text maps). */
export function sameSettings(previous: FunctionSettings, next: FunctionSettings): boolean {
  const names = Object.keys(next)
  if (names.length !== Object.keys(previous).length) return false
  for (const name of names) if (!sameValue(previous[name], next[name])) return false
  return true
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as unknown[])]
  return typeof value === 'object' && value !== null ? { ...value } : value
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => item === right[index])
  }
  if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null) return false
  if (Array.isArray(left) || Array.isArray(right)) return false
  const leftMap = left as Record<string, unknown>
  const rightMap = right as Record<string, unknown>
  const keys = Object.keys(rightMap)
  return keys.length === Object.keys(leftMap).length && keys.every((key) => leftMap[key] === rightMap[key])
}
