/**
 * Sends webhooks to a receiver the way Fingerprint does (one POST each, raw body, signature
 * header) with a fixed number in flight, and measures each answer.
 */
import { performance } from 'node:perf_hooks'
import type { SignedWebhook } from './signed-webhooks'

export interface WebhookAnswer {
  webhook: SignedWebhook
  status: number
  latencyMs: number
}

export interface LoadRun {
  answers: WebhookAnswer[]
  durationMs: number
}

/** POSTs one webhook and reads the whole answer. */
export async function postWebhook(url: string, webhook: SignedWebhook): Promise<WebhookAnswer> {
  const started = performance.now()
  const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body })
  await response.arrayBuffer()
  return { webhook, status: response.status, latencyMs: performance.now() - started }
}

/** POSTs every webhook with `concurrency` requests in flight; answers keep the input's order. */
export async function sendConcurrently(
  url: string,
  webhooks: readonly SignedWebhook[],
  concurrency: number,
): Promise<LoadRun> {
  const answers = new Array<WebhookAnswer>(webhooks.length)
  let next = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    while (next < webhooks.length) {
      const index = next++
      answers[index] = await postWebhook(url, webhooks[index] as SignedWebhook)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, webhooks.length) }, worker))
  return { answers, durationMs: performance.now() - started }
}

/** The `fraction` quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))
  return sorted[rank] as number
}
