import { printableEventId } from '../envelope/event-id'
import type { PipelineResult } from './create-pipeline'

/** One line worth logging about a mapped webhook. */
export interface OutcomeLogLine {
  level: 'info' | 'warn'
  message: string
}

/**
 * What is worth logging about a mapped webhook: that the event was verified with Fingerprint's
 * Server API or was not authenticated at all, why nothing was emitted, a userId that was not used, and each call dropped with its
 * reason.
 */
export function outcomeLogLines(result: PipelineResult): OutcomeLogLine[] {
  const id = printableEventId(result.event.requestId)
  const lines: OutcomeLogLine[] = []
  if (result.authenticatedBy.includes('server-api')) {
    lines.push({ level: 'info', message: `${id}: verified with Fingerprint's Server API; mapping the event it holds.` })
  } else if (result.authenticatedBy.length === 0 && result.calls.length > 0) {
    lines.push({
      level: 'warn',
      message: `${id}: not authenticated (acceptUnauthenticatedWebhooks is true); the calls carry what the body claims.`,
    })
  }
  return [...lines, ...statusLines(result, id)]
}

function statusLines(result: PipelineResult, id: string): OutcomeLogLine[] {
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
