/** The receiver on 127.0.0.1 (a free port), started through the public `serve`, for the bench and the tests. */
import type { WebhookHandler, WebhookHandlerOptions } from '../src/receiver/create-webhook-handler'
import { silentLogger } from '../src/receiver/receiver-log'
import { serve } from '../src/receiver/serve'

export interface LoopbackReceiver {
  /** Where to POST webhooks, e.g. `http://127.0.0.1:4321/`. */
  url: string
  handler: WebhookHandler
  /** Graceful: stops accepting connections, lets the handler answer and flush, then closes. */
  close(): Promise<void>
}

export async function startLoopbackReceiver(options: WebhookHandlerOptions): Promise<LoopbackReceiver> {
  const running = await serve({ logger: silentLogger, ...options, port: 0, host: '127.0.0.1' })
  return {
    url: `${running.url}/`,
    handler: running.handler,
    close: () => running.close({ timeoutMs: 5_000 }),
  }
}
