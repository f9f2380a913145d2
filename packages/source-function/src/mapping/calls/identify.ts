import type { JsonObject } from '../../lib/json'
import type { IdentifyPayload } from '../segment-call'
import { callBase, withCallFields, readCustomerIntegrations, readCustomerObject, type CallInput } from './call-input'
import { riskTraits } from './risk-traits'
import { readSpec } from './spec-fields'

/**
 * Identify, emitted for every event that carries the payload. Traits: `createdAt` (when this
 * subscription first saw the visitor; the customer's own `createdAt` wins), the customer's traits,
 * then `visitorId` and the risk verdict traits (`fingerprint_verdict`, ...), which always come from
 * Fingerprint. The customer's `context` and `integrations` too.
 */
export function buildIdentifyCall(spec: unknown, input: CallInput): IdentifyPayload {
  const fields = readSpec(spec, `${input.path}.identify`)
  const { firstSeenAt, visitorId } = input.event
  const customerTraits = readCustomerObject(input, fields, 'identify', 'traits', 'traits')
  const traits: JsonObject =
    firstSeenAt === undefined ? { ...customerTraits } : { createdAt: firstSeenAt, ...customerTraits }
  if (visitorId !== undefined) traits.visitorId = visitorId
  const risk = riskTraits(input.risk, input.timestamp)
  traits.fingerprint_verdict = risk.fingerprint_verdict
  traits.fingerprint_risk_score = risk.fingerprint_risk_score
  traits.fingerprint_risk_reasons = risk.fingerprint_risk_reasons
  traits.fingerprint_risk_assessed_at = risk.fingerprint_risk_assessed_at
  const context = readCustomerObject(input, fields, 'identify', 'context', 'context')
  const integrations = readCustomerIntegrations(input, fields, 'identify')
  return withCallFields(callBase(input, 'identify', context, integrations), { traits })
}
