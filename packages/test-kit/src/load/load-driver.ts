/**
 * Sends webhooks to a receiver the way Fingerprint does (one POST each, raw body, signature
 * header) with a fixed number in flight, and measures each answer.
 */
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { SignedWebhook } from '../fingerprint/signed-webhooks'

/** Kept-alive connections, as many as requests in flight: the sender costs little, so the server is what is measured. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 })

export interface WebhookAnswer {
  webhook: SignedWebhook
  status: number
  latencyMs: number
}

export interface LoadRun {
  answers: WebhookAnswer[]
  durationMs: number
}

/** POSTs one webhook (node:http, a kept-alive connection) and reads the whole answer; rejects on a network error or after 30 s. */
export function postWebhook(url: string, webhook: SignedWebhook): Promise<WebhookAnswer> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...webhook.headers, 'Content-Length': String(Buffer.byteLength(webhook.body)) },
        timeout: 30_000,
      },
      (response) => {
        response.on('data', () => undefined)
        response.on('end', () => {
          resolve({ webhook, status: response.statusCode ?? 0, latencyMs: performance.now() - started })
        })
        response.on('error', reject)
      },
    )
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 30 s')))
    outgoing.on('error', reject)
    outgoing.end(webhook.body)
  })
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
