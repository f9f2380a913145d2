/**
 * `npm run soak`: the outage scenario for minutes, on each store (the
 * BUILT command in a child process, the tracking-API stand-in here, all on loopback). Webhooks
 * with 10 KB tags arrive at SOAK_RATE per second (default 100) through an outage of SOAK_OUTAGE_SECONDS
 * (default 180) that goes down, failing, hanging and rate-limited; then the API comes back. Prints
 * the answers, the receiver's memory per tenth of the outage, and the deliveries. Stops by itself.
 *
 * PostgreSQL runs when FINGERPRINT_SEGMENT_TEST_POSTGRES_URL is set (the script's wrapper,
 * scripts/with-postgres.sh, starts a throwaway server and sets it).
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runOutageScenario } from '../support/outage-scenario'
import { startReceiverProcess } from '../support/receiver-process'
import { startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { freshPostgresStore } from '../support/postgres-store'

const outageSeconds = Number(process.env.SOAK_OUTAGE_SECONDS ?? 180)
const rate = Number(process.env.SOAK_RATE ?? 100)
const secret = 'soak-secret'

const api = await startTrackingApiStandIn()
const tempDir = mkdtempSync(join(tmpdir(), 'fingerprint-segment-soak-'))
const stores: [string, string][] = [['sqlite', `sqlite:${join(tempDir, 'queue.db')}`]]
const postgres = await freshPostgresStore('soak')
if (postgres) stores.push(['postgres', postgres])
else console.log('postgres: skipped (FINGERPRINT_SEGMENT_TEST_POSTGRES_URL is not set)')

let failed = false
try {
  for (const [engine, store] of stores) {
    console.log(`\n${engine}: outage of ${outageSeconds} s at ${rate} webhooks/s (10 KB tags)`)
    const receiver = await startReceiverProcess({
      store,
      trackingApiUrl: api.url,
      writeKey: api.writeKey,
      webhookSecret: secret,
      env: { RECEIVER_MAX_RETRY_DELAY_MS: '5000', RECEIVER_TRACKING_TIMEOUT_MS: '5000' },
      liveHeapProbe: true,
    })
    try {
      const result = await runOutageScenario({
        receiver,
        trackingApi: api,
        secret,
        prefix: `${engine}-soak`,
        outageMs: outageSeconds * 1000,
        warmUpMs: 20_000,
        webhooksPerSecond: rate,
        tagPaddingBytes: 10_000,
        phases: [
          { kind: 'resetting' },
          { kind: 'failing' },
          { kind: 'hanging' },
          { kind: 'rate-limited', retryAfterSeconds: 5 },
        ],
        deliveryTimeoutMs: 300_000,
        progress: (line) => console.log(line),
      })
      const ok =
        result.statuses[200] === result.webhooks &&
        result.deliveredCalls === result.expectedCalls &&
        result.largestBatchBytes <= segmentLimits.batchBytes
      if (!ok) failed = true
      console.log(`  webhooks: ${result.webhooks}, answers ${JSON.stringify(result.statuses)}`)
      console.log(
        `  answer time: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
      )
      console.log(
        `  memory (RSS): ${result.rssMb.before} MB before, ${result.rssMb.maxDuring} MB at most during, ${result.rssMb.endOfOutage} MB at the end; per tenth: ${result.rssByTenthMb.join(', ')}`,
      )
      console.log(`  queued during the outage: ${result.queuedMb} MB of calls`)
      console.log(
        `  delivered: ${result.deliveredCalls} of ${result.expectedCalls} calls (${result.receivedCalls} accepted with repeats) in ${(result.drainMs / 1000).toFixed(1)} s after the API came back; largest batch ${result.largestBatchBytes} bytes`,
      )
      console.log(`  ${ok ? 'OK' : 'FAILED'}`)
    } finally {
      await receiver.stop()
    }
  }
} finally {
  await api.close()
  rmSync(tempDir, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
