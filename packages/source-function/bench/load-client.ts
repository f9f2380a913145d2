/**
 * The load side of `bench/run.ts`, in its own process so the receiver being measured has the
 * main process to itself: the tracking-API stand-in and the Fingerprint-like sender.
 * Talks to its parent over IPC: sends `ready` (the stand-in's URL), receives `run` (the
 * receiver's URL), sends `result`.
 */
import { startTrackingApiStandIn } from '../test/tracking-api-stand-in'
import { sendConcurrently } from './load-driver'
import { signedWebhooks } from './signed-webhooks'

export type ClientMessage =
  | { kind: 'ready'; trackingApiUrl: string; writeKey: string }
  | { kind: 'result'; durationMs: number; latenciesMs: number[]; notOk: number; calls: number; batches: number }
export type ParentMessage = { kind: 'run'; receiverUrl: string; webhooks: number; concurrency: number; secret: string }

const send = (message: ClientMessage): void => {
  process.send?.(message)
}

const trackingApi = await startTrackingApiStandIn()
process.on('message', (message: ParentMessage) => {
  void (async () => {
    // A short warm-up (JIT, connections), not counted.
    await sendConcurrently(
      message.receiverUrl,
      signedWebhooks(200, message.secret, { prefix: 'warm-up' }),
      message.concurrency,
    )
    const webhooks = signedWebhooks(message.webhooks, message.secret, { prefix: 'bench' })
    const eventsBefore = trackingApi.receivedEvents
    const batchesBefore = trackingApi.acceptedBatches
    const run = await sendConcurrently(message.receiverUrl, webhooks, message.concurrency)
    send({
      kind: 'result',
      durationMs: run.durationMs,
      latenciesMs: run.answers.map((answer) => answer.latencyMs),
      notOk: run.answers.filter((answer) => answer.status !== 200).length,
      calls: trackingApi.receivedEvents - eventsBefore,
      batches: trackingApi.acceptedBatches - batchesBefore,
    })
    await trackingApi.close()
    process.disconnect()
  })()
})
send({ kind: 'ready', trackingApiUrl: trackingApi.url, writeKey: trackingApi.writeKey })
