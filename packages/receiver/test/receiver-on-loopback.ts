import { afterAll, beforeAll } from 'vitest'
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopback-receiver'
import type { ReceiverLogEntry } from '../src/lib/receiver-log'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

/** A receiver requiring webhooks signed with one secret, forwarding to the tracking-API stand-in. */
export interface ReceiverOnLoopback {
  readonly trackingApi: TrackingApiStandIn
  readonly receiver: LoopbackReceiver
  /** The receiver's structured log lines. */
  readonly logs: ReceiverLogEntry[]
}

/** Starts both servers on loopback before the test file's tests and stops them after. */
export function useReceiverOnLoopback(webhookSecret: string): ReceiverOnLoopback {
  let trackingApi: TrackingApiStandIn | undefined
  let receiver: LoopbackReceiver | undefined
  const logs: ReceiverLogEntry[] = []

  beforeAll(async () => {
    trackingApi = await startTrackingApiStandIn()
    receiver = await startLoopbackReceiver({
      writeKey: trackingApi.writeKey,
      trackingHost: trackingApi.url,
      settings: { webhookSecrets: [webhookSecret] },
      logger: (entry) => logs.push(entry),
    })
  })

  afterAll(async () => {
    await receiver?.close()
    await trackingApi?.close()
  })

  return {
    logs,
    get trackingApi() {
      if (!trackingApi) throw new Error('the tracking-API stand-in is not started yet')
      return trackingApi
    },
    get receiver() {
      if (!receiver) throw new Error('the receiver is not started yet')
      return receiver
    },
  }
}
