/**
 * The receiver's metrics in Prometheus text format (prom-client), one registry per handler: the
 * webhooks by answer, the calls stored, delivered and dead-lettered, the requests to the tracking
 * API and their answers, batch sizes, store commit latency, the queue (read from the same cached
 * statistics as `/health`), readiness, and the process's own metrics (CPU, memory, event loop, GC).
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { DeliveryObserver } from '../delivery/delivery-observer'
import type { QueueStats } from '../store/call-store'

export interface ReceiverMetrics extends DeliveryObserver {
  /** A webhook was answered with `status`. */
  webhookAnswered(status: number): void
  /** Calls newly stored by a webhook. */
  stored(calls: number): void
  /** A commit of calls took `durationMs`. */
  committed(durationMs: number, ok: boolean): void
  /** The exposition: its content type and text. */
  render(): Promise<{ contentType: string; body: string }>
}

export interface ReceiverMetricsOptions {
  /** The queue's statistics (cached), read at each scrape. */
  readonly queue: () => Promise<QueueStats | Error>
  /** Whether the receiver is ready now. */
  readonly ready: () => Promise<boolean>
  /** Also export the process's metrics (off when several handlers share a process). @default true */
  readonly processMetrics?: boolean
}

/** The prefix of every metric of the receiver. */
export const metricPrefix = 'fingerprint_segment_'

export function createReceiverMetrics(options: ReceiverMetricsOptions): ReceiverMetrics {
  const registry = new Registry()
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry })
  const name = (suffix: string): string => `${metricPrefix}${suffix}`

  const webhooks = new Counter({
    name: name('webhooks_total'),
    help: 'Webhooks answered, by HTTP status',
    labelNames: ['status'] as const,
    registers: [registry],
  })
  const stored = new Counter({ name: name('calls_stored_total'), help: 'Calls newly stored', registers: [registry] })
  const delivered = new Counter({
    name: name('calls_delivered_total'),
    help: 'Calls the tracking API accepted, recorded in the store',
    registers: [registry],
  })
  const dead = new Counter({
    name: name('calls_dead_lettered_total'),
    help: 'Calls moved to the dead letters, by cause (refused, oversized, expired)',
    labelNames: ['cause'] as const,
    registers: [registry],
  })
  const requests = new Counter({
    name: name('delivery_requests_total'),
    help: 'Batch requests to the tracking API (delivery attempts), by answer (accepted, rejected, failed)',
    labelNames: ['answer'] as const,
    registers: [registry],
  })
  const failures = new Counter({
    name: name('delivery_failures_total'),
    help: 'Batch requests the tracking API did not accept (no answer, 3xx, 4xx, 5xx)',
    registers: [registry],
  })
  const batchCalls = new Histogram({
    name: name('batch_calls'),
    help: 'Calls per batch request',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000],
    registers: [registry],
  })
  const batchBytes = new Histogram({
    name: name('batch_bytes'),
    help: 'Bytes per batch request',
    buckets: [1000, 10_000, 50_000, 100_000, 200_000, 300_000, 400_000, segmentLimits.batchBytes],
    registers: [registry],
  })
  const commits = new Histogram({
    name: name('store_commit_seconds'),
    help: "Time from a webhook's calls handed to the store to their commit (group commit included), by outcome",
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const queueGauge = (suffix: string, help: string, pick: (stats: QueueStats) => number): void => {
    new Gauge({
      name: name(suffix),
      help,
      registers: [registry],
      async collect() {
        const stats = await options.queue()
        if (!(stats instanceof Error)) this.set(pick(stats))
      },
    })
  }
  queueGauge('calls_queued', 'Calls stored and not delivered yet', (stats) => stats.queued)
  queueGauge(
    'oldest_queued_age_seconds',
    'Age of the oldest call waiting (0 when none is)',
    (stats) => stats.oldestQueuedAgeSeconds,
  )
  queueGauge('dead_letters', 'Calls in the dead letters', (stats) => stats.deadLetters)
  new Gauge({
    name: name('ready'),
    help: '1 while the receiver can store webhooks (readiness), 0 otherwise',
    registers: [registry],
    async collect() {
      this.set((await options.ready()) ? 1 : 0)
    },
  })

  return {
    webhookAnswered: (status) => webhooks.inc({ status: String(status) }),
    stored: (calls) => stored.inc(calls),
    committed: (durationMs, ok) => commits.observe({ outcome: ok ? 'committed' : 'failed' }, durationMs / 1000),
    request(calls, bytes, answer) {
      requests.inc({ answer })
      if (answer !== 'accepted') failures.inc()
      batchCalls.observe(calls)
      batchBytes.observe(bytes)
    },
    delivered: (calls) => delivered.inc(calls),
    deadLettered: (calls, cause) => dead.inc({ cause }, calls),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}
