import { check, hasMethod, resolveOptions, SHARED_RULES, type WithSegmentOptions } from '../options'

/** The options of `withSegment`, validated, defaults applied; `agent` must be a loaded agent. */
export function resolveWithSegmentOptions(
  agent: unknown,
  options: WithSegmentOptions | undefined,
): WithSegmentOptions & { timeout: number } {
  const resolved = resolveOptions('withSegment', options ?? {}, SHARED_RULES) as WithSegmentOptions & {
    timeout: number
  }
  check('withSegment', 'agent', hasMethod(agent, 'get'), 'a Fingerprint agent')
  return resolved
}
