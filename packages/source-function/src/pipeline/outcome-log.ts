import type { SegmentCallsResult } from '../to-segment-calls'
import { printableEventId } from '../webhook/printable-event-id'

/** One line worth logging about a mapped webhook. */
export interface OutcomeLogLine {
  level: 'info' | 'warn'
  message: string
}

/**
 * What is worth logging about a mapped webhook: why nothing was emitted, a userId that was not
 * used, and each call dropped with its reason. Nothing for a webhook mapped in full.
 */
export function outcomeLogLines(result: SegmentCallsResult): OutcomeLogLine[] {
  const id = printableEventId(result.event.requestId)
  switch (result.status) {
    case 'no-integration':
      return [{ level: 'info', message: `${id}: no integrations.segment in the tag; nothing to emit.` }]
    case 'skip-integration':
      return [{ level: 'info', message: `${id}: skipIntegration is true; nothing to emit.` }]
    case 'replay-dropped':
      return [
        {
          level: 'warn',
          message: `${id}: Fingerprint marks this event replayed and replayedEvents is drop; nothing emitted.`,
        },
      ]
    case 'emitted':
      break
  }
  const lines: OutcomeLogLine[] = []
  const identity = result.identity?.fingerprintContext
  if (identity && !identity.identityVerified) {
    lines.push({
      level: 'warn',
      message: `${id}: identify.userId not used (identity proof ${identity.identityProofError ?? 'invalid'}); calls sent without userId.`,
    })
  }
  for (const skipped of result.skipped) {
    lines.push({ level: 'warn', message: `${id}: ${skipped.type} dropped: ${skipped.reason}` })
  }
  return lines
}
