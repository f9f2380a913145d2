import { describe, expect, it } from 'vitest'
import { createReceiverMetrics } from './receiver-metrics'

describe('createReceiverMetrics', () => {
  it('exposes what happened in Prometheus text format, the queue read at the scrape', async () => {
    let queued = 7
    const metrics = createReceiverMetrics({
      queue: () => Promise.resolve({ queued, oldestQueuedAgeSeconds: 42, deadLetters: 1 }),
      ready: () => Promise.resolve(true),
      processMetrics: false,
    })
    metrics.webhookAnswered(200)
    metrics.webhookAnswered(200)
    metrics.webhookAnswered(503)
    metrics.stored(5)
    metrics.committed(4, true)
    metrics.request?.(50, 120_000, 'accepted')
    metrics.request?.(50, 120_000, 'failed')
    metrics.delivered?.(50)
    metrics.deadLettered?.(1, 'refused')
    const { contentType, body } = await metrics.render()
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/)
    for (const line of [
      'fingerprint_segment_webhooks_total{status="200"} 2',
      'fingerprint_segment_webhooks_total{status="503"} 1',
      'fingerprint_segment_calls_stored_total 5',
      'fingerprint_segment_calls_delivered_total 50',
      'fingerprint_segment_calls_dead_lettered_total{cause="refused"} 1',
      'fingerprint_segment_delivery_requests_total{answer="accepted"} 1',
      'fingerprint_segment_delivery_requests_total{answer="failed"} 1',
      'fingerprint_segment_delivery_failures_total 1',
      'fingerprint_segment_batch_calls_count 2',
      'fingerprint_segment_batch_bytes_sum 240000',
      'fingerprint_segment_store_commit_seconds_count{outcome="committed"} 1',
      'fingerprint_segment_calls_queued 7',
      'fingerprint_segment_oldest_queued_age_seconds 42',
      'fingerprint_segment_dead_letters 1',
      'fingerprint_segment_ready 1',
    ]) {
      expect(body.split('\n')).toContain(line)
    }
    queued = 3
    expect((await metrics.render()).body).toMatch(/^fingerprint_segment_calls_queued 3$/m)
  })

  it('adds the process metrics unless told not to', async () => {
    const metrics = createReceiverMetrics({
      queue: () => Promise.resolve(new Error('down')),
      ready: () => Promise.resolve(false),
    })
    const { body } = await metrics.render()
    expect(body).toMatch(/^process_resident_memory_bytes \d+/m)
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(body).toMatch(/^fingerprint_segment_ready 0$/m)
  })
})
