/**
 * One Node process, one port: the demo site, the local stand-ins of Fingerprint's cloud and of
 * Segment's tracking API (the only emulated parts), the Source Function host running the BUILT
 * bundle, and the live panel's state (`/api/state`, `/api/stream`).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createServerApiStandIn,
  createTrackingApiStandIn,
  loadBuiltFunction,
  routeFingerprintApi,
} from '@fingerprint-segment/test-kit/stand-ins'
import { createActivityLog, type ActivityScope } from './activity-log'
import { functionSettings, type DemoConfig } from './demo-config'
import { fingerprintCloudRoutes } from './fingerprint-cloud/fingerprint-cloud-routes'
import { createVisitorRegistry } from './fingerprint-cloud/visitor-registry'
import { createWebhookSender } from './fingerprint-cloud/webhook-sender'
import { functionHostRoutes } from './function-host'
import { sessionOf } from './demo-session'
import { RequestError, sendJson, type RouteHandler } from './http'
import { cdnSettingsRoutes } from './segment/cdn-settings'
import { createSegmentForwarder, type SegmentForwarder } from './segment/segment-forwarder'
import { recordBrowserEvents } from './segment/browser-events'
import { signInRoutes } from './sign-in'
import { labRoutes } from './lab-routes'
import { siteRoutes } from './site-assets'
import type { DemoSettingsSummary, DemoState } from '../shared/activity'

export interface DemoServer {
  server: Server
  /** e.g. `http://localhost:3000`. */
  url: string
  close(): Promise<void>
}

export async function startDemoServer(config: DemoConfig): Promise<DemoServer> {
  const log = createActivityLog()
  let port = config.port
  // The test kit's stand-ins, on paths of this server: Fingerprint's Server API under /fp (the
  // function's fetch sends Fingerprint's hosts there), Segment's Tracking API under /segment (every
  // write key is a source: the examples use the READMEs' own), each event it accepts on the panel.
  const serverApi = createServerApiStandIn({ secretKey: config.serverApiKey, basePath: '/fp' })
  const trackingApi = createTrackingApiStandIn({
    basePath: '/segment',
    isSourceWriteKey: () => true,
    onEvents: (events, request) => recordBrowserEvents(log, events, request),
  })
  // The BUILT bundle, as a deployed Source Function runs it.
  const sandbox = loadBuiltFunction({ fetch: routeFingerprintApi(() => `http://127.0.0.1:${port}/fp`) })
  const settings: DemoSettingsSummary = {
    eventsVerified: config.serverApiKey !== '',
    identityVerified: config.identitySecret !== '',
    forwardingToSegment: config.segmentWriteKey !== undefined,
    fingerprintApiKey: config.fingerprintApiKey,
    browserWriteKey: config.browserWriteKey,
  }
  let forwarder: SegmentForwarder | undefined
  if (config.segmentWriteKey) {
    forwarder = createSegmentForwarder({
      writeKey: config.segmentWriteKey,
      host: config.segmentHost,
      onError: (error) => console.error('[demo] Forwarding to Segment failed:', error),
    })
  }
  // The URL Segment gives the function (its own `b` parameter), with the token when one is set.
  const tokenParameter = config.webhookToken ? `&token=${encodeURIComponent(config.webhookToken)}` : ''
  const webhooks = createWebhookSender(
    () => `http://127.0.0.1:${port}/function/webhook?b=ZGVtby1zb3VyY2U${tokenParameter}`,
    config.webhookSecret,
    log,
  )

  const stateRoutes: RouteHandler = (request, response, url) => {
    // The caller's own demo session (its cookie), or with `?all` every session's.
    const scope: ActivityScope = url.searchParams.has('all') ? 'all' : { session: sessionOf(request) }
    if (url.pathname === '/api/state' && request.method === 'GET') {
      const state: DemoState = { settings, activities: [...log.all(scope)] }
      sendJson(response, 200, state)
    } else if (url.pathname === '/api/stream' && request.method === 'GET') {
      log.subscribe(response, scope)
    } else if (url.pathname === '/api/clear' && request.method === 'POST') {
      log.clear(scope)
      sendJson(response, 200, { ok: true })
    } else if (url.pathname === '/api/health') {
      sendJson(response, 200, { ok: true })
    } else {
      return false
    }
    return true
  }

  const routes: RouteHandler[] = [
    await siteRoutes(settings),
    await labRoutes(settings),
    stateRoutes,
    signInRoutes(config.identitySecret),
    (request, response) => trackingApi.handle(request, response),
    cdnSettingsRoutes(),
    fingerprintCloudRoutes({ log, visitors: createVisitorRegistry(), webhooks, serverApi }),
    functionHostRoutes({ sandbox, settings: functionSettings(config), log, forwarder }),
  ]

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`)
    void (async () => {
      try {
        for (const route of routes) if (await route(request, response, url)) return
        throw new RequestError(404, `Nothing at ${url.pathname}.`)
      } catch (error) {
        const status = error instanceof RequestError ? error.status : 500
        if (status === 500) console.error('[demo]', error)
        if (!response.headersSent)
          sendJson(response, status, { error: error instanceof Error ? error.message : String(error) })
        else response.end()
      }
    })()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  port = (server.address() as AddressInfo).port
  const shownHost =
    config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  return {
    server,
    url: `http://${shownHost}:${port}`,
    async close() {
      trackingApi.release()
      serverApi.release()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await forwarder?.close()
    },
  }
}
