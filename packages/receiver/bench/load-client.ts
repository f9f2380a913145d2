/**
 * The load side of `bench/run.ts`, in its own process so the server being measured has the main
 * process to itself: the tracking-API stand-in and the Fingerprint-like sender.
 * Talks to its parent over IPC: sends `ready` (the stand-in's URL), then for each `run` (a
 * server's URL) a `result`; `done` ends it.
 */
import { startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { sendConcurrently } from '@fingerprint-segment/test-kit'
import { signedWebhooks } from '@fingerprint-segment/test-kit'

export type ClientMessage =
  | { kind: 'ready'; trackingApiUrl: string; writeKey: string }
  | { kind: 'result'; durationMs: number; latenciesMs: number[]; notOk: number; delivered: number; batches: number }
export type ParentMessage =
  | {
      kind: 'run'
      serverUrl: string
      webhooks: number
      concurrency: number
      secret: string
      /** Event ids are `<prefix>-<n>`: each run its own. */
      prefix: string
      /** Wait until the tracking API has every call of the run (a receiver), or not (the bare server). */
      awaitDelivery: boolean
    }
  | { kind: 'done' }

const send = (message: ClientMessage): void => {
  process.send?.(message)
}

const trackingApi = await startTrackingApiStandIn()
process.on('message', (message: ParentMessage) => {
  void (async () => {
    if (message.kind === 'done') {
      await trackingApi.close()
      process.disconnect()
      return
    }
    // A short warm-up (JIT, connections), not counted.
    await sendConcurrently(
      message.serverUrl,
      signedWebhooks(500, message.secret, { prefix: `${message.prefix}-warm-up` }),
      message.concurrency,
    )
    const webhooks = signedWebhooks(message.webhooks, message.secret, { prefix: message.prefix })
    const expected = webhooks.flatMap((webhook) => webhook.expectedMessageIds)
    const batchesBefore = trackingApi.acceptedBatches
    const run = await sendConcurrently(message.serverUrl, webhooks, message.concurrency)
    if (message.awaitDelivery) {
      await trackingApi.waitFor(() => expected.every((messageId) => trackingApi.events.has(messageId)), 60_000)
    }
    send({
      kind: 'result',
      durationMs: run.durationMs,
      latenciesMs: run.answers.map((answer) => answer.latencyMs),
      notOk: run.answers.filter((answer) => answer.status !== 200).length,
      delivered: expected.filter((messageId) => trackingApi.events.has(messageId)).length,
      batches: trackingApi.acceptedBatches - batchesBefore,
    })
  })()
})
send({ kind: 'ready', trackingApiUrl: trackingApi.url, writeKey: trackingApi.writeKey })
