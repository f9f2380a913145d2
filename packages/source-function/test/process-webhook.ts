/**
 * One webhook through the pipeline the way the Source Function prepares it (from Segment's raw
 * settings), without emitting anything: for tests that look at the mapping result in this realm.
 */
import { readFunctionRequest } from '../src/function/read-function-request'
import { readSegmentSettings } from '../src/function/segment-settings'
import type { FunctionRequest, FunctionSettings } from '../src/function/segment-runtime'
import { createPipeline } from '../src/pipeline/create-pipeline'
import type { SegmentCallsResult } from '../src/mapping/to-segment-calls'

export async function processWebhook(
  request: FunctionRequest,
  settings: FunctionSettings,
  { now }: { now?: number } = {},
): Promise<SegmentCallsResult> {
  const pipeline = createPipeline(readSegmentSettings(settings), now === undefined ? {} : { now: () => now })
  return pipeline.process(await readFunctionRequest(request, pipeline.settings.webhookSecrets.length > 0))
}
