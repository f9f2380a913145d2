import { pipelineSettingsSchema, type PipelineSettings } from '../pipeline/pipeline-settings'
import { readSettings, segmentSettingsSource } from '../settings/read-settings'
import type { FunctionSettings } from './segment-runtime'

/**
 * The pipeline settings Segment's Settings tab holds (strings, booleans, arrays), typed. Unset and
 * blank settings are left out, so their defaults apply.
 *
 * @throws ValidationError naming the setting and what it must be
 */
export function readSegmentSettings(raw: FunctionSettings | undefined): Partial<PipelineSettings> {
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
