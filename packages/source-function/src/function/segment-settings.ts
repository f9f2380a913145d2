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
