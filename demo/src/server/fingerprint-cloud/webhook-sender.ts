/**
 * EMULATED: Fingerprint's webhook delivery. Each identification's body is POSTed to the function
 * host's webhook URL, signed like Fingerprint signs it (`FPJS-Event-Signature: v1=<lowercase hex
 * HMAC-SHA256 of the raw body>`). The demo can also deliver a stored body again (Fingerprint's
 * retry: same bytes, same id) and send a forged one signed with the wrong secret.
 */
import { randomUUID } from 'node:crypto'
import { signatureHeaderName, signWebhookBody } from '@fingerprint-segment/source-function'
import type { ActivityLog } from '../activity-log'
import type { AgentVersion, DeliveryPurpose, WebhookDeliveryActivity } from '../../shared/activity'

/** A demo-only header naming the delivery, so the panel can pair it with the function's run. */
export const deliveryIdHeader = 'x-demo-delivery-id'

export interface StoredWebhook {
  requestId: string
  format: AgentVersion
  /** The exact bytes delivered the first time. */
  rawBody: string
  /** What a forged copy claims, shown on its card. */
  claim?: string | undefined
}

export interface WebhookSender {
  /** Delivers `rawBody` and records the delivery; resolves once the function host answered. */
  deliver(
    webhook: StoredWebhook,
    purpose: DeliveryPurpose,
    signature: 'valid' | 'invalid',
  ): Promise<WebhookDeliveryActivity>
  /** A webhook delivered before, by request id. */
  find(requestId: string): StoredWebhook | undefined
}

/** Delivers to `webhookUrl` (the function host), signing with `secret` (none: unsigned). */
export function createWebhookSender(webhookUrl: () => string, secret: string, log: ActivityLog): WebhookSender {
  const delivered = new Map<string, StoredWebhook>()

  return {
    async deliver(webhook, purpose, signature) {
      if (purpose === 'identification') delivered.set(webhook.requestId, webhook)
      const deliveryId = randomUUID()
      const headers: Record<string, string> = { 'content-type': 'application/json', [deliveryIdHeader]: deliveryId }
      let signed: WebhookDeliveryActivity['signature'] = 'unsigned'
      if (signature === 'invalid') {
        headers[signatureHeaderName] = signWebhookBody(webhook.rawBody, `not-${secret || 'the-secret'}`)
        signed = 'invalid'
      } else if (secret) {
        headers[signatureHeaderName] = signWebhookBody(webhook.rawBody, secret)
        signed = 'valid'
      }
      let status = 0
      try {
        // Fingerprint waits 3 s for a 2xx answer.
        const response = await fetch(webhookUrl(), {
          method: 'POST',
          headers,
          body: webhook.rawBody,
          signal: AbortSignal.timeout(3000),
        })
        status = response.status
        await response.arrayBuffer()
      } catch {
        status = 0
      }
      return log.record({
        kind: 'webhook-delivery',
        deliveryId,
        requestId: webhook.requestId,
        format: webhook.format,
        purpose,
        signature: signed,
        status,
        claim: webhook.claim,
      }) as WebhookDeliveryActivity
    },
    find: (requestId) => delivered.get(requestId),
  }
}
