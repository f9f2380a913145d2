/**
 * The public surface a reader can hold in mind: the main entry's names, values and types, at most
 * 40, and each one on purpose (the list below is the contract; a new name is a decision).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const entry = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8')
const exported = [...entry.matchAll(/^export (?:type )?\{([^}]*)\}/gm)]
  .flatMap((match) => (match[1] ?? '').split(','))
  .map((name) => name.trim())
  .filter((name) => name !== '')
  .sort()

describe('the public surface of @fingerprint-segment/source-function', () => {
  it('is at most 40 names, and nothing is exported twice', () => {
    expect(exported.length).toBeLessThanOrEqual(40)
    expect(new Set(exported).size).toBe(exported.length)
  })

  it('is the pipeline, the mapping, the security helpers, the risk helpers, the errors, the settings schema and the types a user writes', () => {
    expect(exported).toEqual(
      [
        'FetchLike',
        'FingerprintContext',
        'FingerprintEvent',
        'IdentityClaim',
        'IdentityProofCheck',
        'InvalidEventPayload',
        'PipelineHost',
        'PipelineResult',
        'PipelineSettings',
        'RetryError',
        'RiskAssessment',
        'RiskRules',
        'RiskRulesOverrides',
        'RiskVerdict',
        'SegmentCall',
        'SegmentCallType',
        'SegmentCallsResult',
        'SegmentGroupSpec',
        'SegmentIdentifySpec',
        'SegmentIntegration',
        'SegmentJsonObject',
        'SegmentPageSpec',
        'SegmentScreenSpec',
        'SegmentTrackSpec',
        'ToSegmentCallsOptions',
        'ValidationError',
        'WebhookAuthenticationError',
        'WebhookPipeline',
        'WebhookRequest',
        'assessRisk',
        'createPipeline',
        'defaultRiskRules',
        'parseRiskRules',
        'pipelineSettingsSchema',
        'readWebhookEventId',
        'signIdentity',
        'signWebhookBody',
        'signatureHeaderName',
        'toSegmentCalls',
        'verifyIdentityProof',
      ].sort(),
    )
  })
})
