/**
 * The outage scenario, shared by the test (`test/receiver-durability.test.ts`, a short outage) and
 * the soak (`bench/soak.ts`, minutes): webhooks arrive at a steady rate while the tracking-API
 * stand-in goes through the outage's phases (down, failing, hanging, rate-limited, ...), then it
 * comes back and everything stored must be delivered, once. Measures the answers (status,
 * latency), the receiver's memory while the queue grows on disk, and the deliveries.
 */
import type { TrackingApiMode, TrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { postWebhook, quantile, type WebhookAnswer } from '@fingerprint-segment/test-kit'
import { signedWebhooks, type SignedWebhook } from '@fingerprint-segment/test-kit'

export interface OutageScenarioOptions {
  readonly receiver: {
    readonly url: string
    rssBytes(): number
    /** The main thread's JS heap in use right after a full garbage collection (its live data). */
    liveHeapBytes(): Promise<number>
  }
  readonly trackingApi: TrackingApiStandIn
  readonly secret: string
  /** Event ids are `<prefix>-<n>`. */
  readonly prefix: string
  readonly outageMs: number
  /** The same load with the API up before the outage, not measured. */
  readonly warmUpMs: number
  readonly webhooksPerSecond: number
  /** Characters of notes in each Track call (makes the queue heavy: ~tagPaddingBytes per webhook). */
  readonly tagPaddingBytes: number
  /** What the tracking API does during the outage, each phase for an equal share of it. */
  readonly phases: readonly TrackingApiMode[]
  /** Longest wait for every call to be delivered once the API is back. */
  readonly deliveryTimeoutMs: number
  /** Progress lines (the soak prints them). @default none */
  readonly progress?: (line: string) => void
}

export interface OutageScenarioResult {
  readonly webhooks: number
  /** Answers by HTTP status (0: no answer at all). */
  readonly statuses: Readonly<Record<number, number>>
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number }
  /** Resident memory of the receiver, MB: before the outage, the most during it, the last sample of it. */
  readonly rssMb: { readonly before: number; readonly maxDuring: number; readonly endOfOutage: number }
  /** The most resident memory in each tenth of the outage, MB: flat, or growing with the queue. */
  readonly rssByTenthMb: readonly number[]
  /** The mean resident memory over the last fifth of the outage, less the mean at the end of the warm-up, MB. */
  readonly rssEndGrowthMb: number
  /**
   * The receiver's live JS heap, MB (the main thread's heap in use right after a full garbage
   * collection): at the end of the warm-up and at the end of the outage. A queue held in memory would
   * add at least `queuedMb` here.
   */
  readonly liveHeapMb: { readonly before: number; readonly endOfOutage: number }
  /** MB of calls (their JSON) that waited in the store during the outage. */
  readonly queuedMb: number
  readonly expectedCalls: number
  /** Distinct calls the tracking API accepted, and accepted counted with repeats. */
  readonly deliveredCalls: number
  readonly receivedCalls: number
  /** From the API's return to the last call delivered. */
  readonly drainMs: number
  readonly largestBatchBytes: number
}

const tickMs = 50

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length
/** Most webhooks waiting for an answer at once: a bound on the sender, far above what is needed. */
const maxInFlight = 2000

/** Sends `webhooks` at `perSecond`, switching the API through `phases` (equal shares of `durationMs`). */
async function sendAtRate(
  receiverUrl: string,
  webhooks: readonly SignedWebhook[],
  perSecond: number,
  durationMs: number,
  phases: readonly TrackingApiMode[],
  trackingApi: TrackingApiStandIn,
  say: (line: string) => void,
): Promise<WebhookAnswer[]> {
  const answers: Promise<WebhookAnswer>[] = []
  let inFlight = 0
  const started = Date.now()
  const phaseMs = durationMs / Math.max(1, phases.length)
  let phase = -1
  for (let sent = 0, tick = 0; sent < webhooks.length; tick++) {
    const currentPhase = Math.min(phases.length - 1, Math.floor((Date.now() - started) / phaseMs))
    if (currentPhase !== phase) {
      phase = currentPhase
      const mode = phases[phase]
      if (mode) trackingApi.setMode(mode)
      say(`  phase ${phase + 1}/${phases.length}: ${mode?.kind ?? ''} (${sent} webhooks sent)`)
    }
    const due = Math.min(webhooks.length, Math.round(((tick + 1) * tickMs * perSecond) / 1000))
    while (sent < due && inFlight < maxInFlight) {
      const webhook = webhooks[sent++] as SignedWebhook
      inFlight++
      answers.push(
        postWebhook(receiverUrl, webhook)
          .catch((): WebhookAnswer => ({ webhook, status: 0, latencyMs: Number.NaN }))
          .finally(() => inFlight--),
      )
    }
    const next = started + (tick + 1) * tickMs
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())))
  }
  return Promise.all(answers)
}

export async function runOutageScenario(options: OutageScenarioOptions): Promise<OutageScenarioResult> {
  const { trackingApi, receiver } = options
  const say = options.progress ?? (() => undefined)
  const perSecond = options.webhooksPerSecond
  const padding = { tagPaddingBytes: options.tagPaddingBytes }

  // The same load with the API up first, so the process reaches its working size before it is measured.
  const warmUp = signedWebhooks(Math.round((perSecond * options.warmUpMs) / 1000), options.secret, {
    prefix: `${options.prefix}-warm-up`,
    ...padding,
  })
  const baseline: number[] = []
  const baselineSampler = setInterval(() => baseline.push(receiver.rssBytes()), 250)
  const warmUpAnswers = await sendAtRate(
    receiver.url,
    warmUp,
    perSecond,
    options.warmUpMs,
    [{ kind: 'up' }],
    trackingApi,
    say,
  ).finally(() => clearInterval(baselineSampler))
  const notStored = warmUpAnswers.filter((answer) => answer.status !== 200).length
  if (notStored > 0) throw new Error(`${notStored} of ${warmUp.length} warm-up webhooks were not answered 200`)
  const warmUpCalls = warmUp.flatMap((webhook) => webhook.expectedMessageIds)
  await trackingApi
    .waitFor(() => warmUpCalls.every((messageId) => trackingApi.events.has(messageId)), 60_000)
    .catch(async () => {
      const missing = warmUpCalls.filter((messageId) => !trackingApi.events.has(messageId))
      const health = await fetch(new URL('health', receiver.url)).then((response) => response.text())
      throw new Error(
        `${missing.length} warm-up calls not delivered within 60 s, e.g. ${missing.slice(0, 3).join(', ')}; health: ${health}`,
      )
    })

  const total = Math.max(1, Math.round((perSecond * options.outageMs) / 1000))
  const webhooks = signedWebhooks(total, options.secret, { prefix: options.prefix, ...padding })
  const expected = new Set(webhooks.flatMap((webhook) => webhook.expectedMessageIds))
  const receivedBefore = trackingApi.receivedEvents

  // The working size under this load: the mean over the last 3 s of the warm-up.
  const rssBefore = mean(baseline.slice(-12))
  const heapBefore = await receiver.liveHeapBytes()
  const samples: { at: number; bytes: number }[] = []
  const sampler = setInterval(() => samples.push({ at: Date.now(), bytes: receiver.rssBytes() }), 250)
  const started = Date.now()
  let answered: WebhookAnswer[]
  try {
    answered = await sendAtRate(receiver.url, webhooks, perSecond, options.outageMs, options.phases, trackingApi, say)
  } finally {
    clearInterval(sampler)
  }
  const endOfOutage = receiver.rssBytes()
  const heapEndOfOutage = await receiver.liveHeapBytes()
  trackingApi.setMode({ kind: 'up' })
  const back = Date.now()
  say(`  tracking API back; ${expected.size} calls to deliver`)
  const delivered = (): number => [...expected].filter((messageId) => trackingApi.events.has(messageId)).length
  await trackingApi
    .waitFor(() => trackingApi.events.size >= expected.size && delivered() === expected.size, options.deliveryTimeoutMs)
    .catch(() => undefined)
  const drainMs = Date.now() - back

  const statuses: Record<number, number> = {}
  for (const answer of answered) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
  const latencies = answered.map((answer) => answer.latencyMs).filter((latency) => Number.isFinite(latency))
  let queuedBytes = 0
  for (const messageId of expected) {
    const event = trackingApi.events.get(messageId)
    if (event) queuedBytes += Buffer.byteLength(JSON.stringify(event))
  }
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10
  const rssByTenthMb = Array.from({ length: 10 }, (_, tenth) => {
    const inTenth = samples.filter(
      (sample) => Math.min(9, Math.floor(((sample.at - started) / options.outageMs) * 10)) === tenth,
    )
    return mb(Math.max(0, ...inTenth.map((sample) => sample.bytes)))
  })
  return {
    webhooks: total,
    statuses,
    latencyMs: {
      p50: Math.round(quantile(latencies, 0.5)),
      p99: Math.round(quantile(latencies, 0.99)),
      max: Math.round(Math.max(...latencies)),
    },
    rssMb: {
      before: mb(rssBefore),
      maxDuring: mb(Math.max(rssBefore, ...samples.map((sample) => sample.bytes))),
      endOfOutage: mb(endOfOutage),
    },
    rssByTenthMb,
    rssEndGrowthMb: mb(
      mean(samples.filter((sample) => sample.at - started >= options.outageMs * 0.8).map((sample) => sample.bytes)) -
        rssBefore,
    ),
    liveHeapMb: { before: mb(heapBefore), endOfOutage: mb(heapEndOfOutage) },
    queuedMb: mb(queuedBytes),
    expectedCalls: expected.size,
    deliveredCalls: delivered(),
    receivedCalls: trackingApi.receivedEvents - receivedBefore,
    drainMs,
    largestBatchBytes: trackingApi.largestBatchBytes,
  }
}
