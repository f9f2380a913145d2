import type { SegmentEventFields } from './analytics-types'
import type { ConsentRequirement } from './options'

/** What Segment's consent tools stamp on every event. */
interface ConsentContext {
  consent?: { categoryPreferences?: Record<string, unknown> }
}

/**
 * Whether `event` allows identification under `consent`: always without a requirement; the
 * function's answer (only `true` allows); or whether the event's
 * `context.consent.categoryPreferences[category]` is `true`.
 */
export function consentGiven(consent: ConsentRequirement | undefined, event: SegmentEventFields): boolean {
  return (
    consent === undefined ||
    (typeof consent == 'function'
      ? consent(event)
      : (event.context as ConsentContext | undefined)?.consent?.categoryPreferences?.[consent]) === true
  )
}
