/**
 * EMULATED: the local stand-in of Fingerprint's cloud, the only emulated part of Fingerprint in the
 * demo (the page runs the REAL npm loaders). Routes, all under `/fp`:
 *
 * - `GET /fp/agent/v<version>/<apiKey>/loader_v<loaderVersion>.js`: the v3 agent script;
 * - `GET /fp/.../v4/<apiKey>?ci=...`: the v4 agent module;
 * - `POST /fp/identify`: one identification (called by the agent's `get()`); then the webhook goes
 *   to the function host in the format of the agent's version (v3 or v4);
 * - `POST /fp/admin/redeliver` `{ requestId }`: the same webhook again (Fingerprint's retry);
 * - `POST /fp/admin/forged-webhook` `{ requestId }`: a copy of that real event's webhook claiming
 *   another user and clean signals, signed with the wrong secret (what an attacker who learnt the
 *   webhook URL and an event id could send);
 * - `GET /fp/v4/events/{event_id}` (and the search): the Server API, the test kit's stand-in mounted here.
 */
import type { ActivityLog } from '../activity-log'
import { sessionOf } from '../demo-session'
import type { AgentVersion } from '../../shared/activity'
import {
  allowAnyOrigin,
  answerPreflight,
  type MountableServerApiStandIn,
} from '@fingerprint-segment/test-kit/stand-ins'
import { readJsonObject, RequestError, sendJson, sendText, type RouteHandler } from '../http'
import { newRequestId, readBrowser, visitorIdFor, type EmulatedIdentification } from './emulated-identification'
import { v3AgentScript, v4AgentModule } from './agent-scripts'
import { emulateSignals, homeNetwork, vpnNetwork } from './smart-signals'
import type { VisitorRegistry } from './visitor-registry'
import { v3WebhookBody, v4WebhookBody } from './webhook-body'
import type { StoredWebhook, WebhookSender } from './webhook-sender'

/** The agent versions reported in the emulated webhooks' `sdk.version`. */
const sdkVersions: Record<AgentVersion, string> = { v3: '3.12.15', v4: '4.1.5' }

const javascript = 'text/javascript; charset=utf-8'

export interface FingerprintCloudDependencies {
  log: ActivityLog
  visitors: VisitorRegistry
  webhooks: WebhookSender
  serverApi: MountableServerApiStandIn
}

export function fingerprintCloudRoutes({
  log,
  visitors,
  webhooks,
  serverApi,
}: FingerprintCloudDependencies): RouteHandler {
  return async (request, response, url) => {
    if (!url.pathname.startsWith('/fp/')) return false
    if (request.method === 'OPTIONS') {
      answerPreflight(request, response)
      return true
    }
    if (await serverApi.handle(request, response)) return true
    allowAnyOrigin(request, response)
    const cloudUrl = `http://${request.headers.host ?? 'localhost'}/fp`

    const v3Script = /^\/fp\/agent\/v\d+\/([^/]+)\/loader_v[^/]+\.js$/.exec(url.pathname)
    if (request.method === 'GET' && v3Script) {
      sendText(response, 200, javascript, v3AgentScript({ cloudUrl, apiKey: decodeURIComponent(v3Script[1] ?? '') }))
      return true
    }
    const v4Module = /^\/fp\/(?:.*\/)?v4\/([^/]+)$/.exec(url.pathname)
    if (request.method === 'GET' && v4Module) {
      sendText(response, 200, javascript, v4AgentModule({ cloudUrl, apiKey: decodeURIComponent(v4Module[1] ?? '') }))
      return true
    }
    if (request.method !== 'POST') throw new RequestError(404, 'Unknown Fingerprint stand-in route.')

    if (url.pathname === '/fp/identify') {
      const identification = identify(await readJsonObject(request), request.headers['user-agent'] ?? '', visitors)
      log.record(
        {
          kind: 'identification',
          agent: identification.agent,
          requestId: identification.requestId,
          visitorId: identification.visitorId,
          visitorFound: identification.visitorFound,
          tag: identification.tag,
          linkedId: identification.linkedId,
          suspectScore: identification.signals.suspectScore,
          bot: identification.signals.bot,
          botType: identification.signals.botType,
        },
        sessionOf(request),
      )
      sendJson(response, 200, agentResult(identification))
      serverApi.store(v4WebhookBody(identification))
      const body = identification.agent === 'v4' ? v4WebhookBody(identification) : v3WebhookBody(identification)
      // Like Fingerprint, the webhook goes out after the agent got its answer.
      void webhooks.deliver(
        { requestId: identification.requestId, format: identification.agent, rawBody: JSON.stringify(body) },
        'identification',
        'valid',
      )
      return true
    }
    if (url.pathname === '/fp/admin/redeliver') {
      const webhook = storedWebhook(await readJsonObject(request), webhooks)
      sendJson(response, 200, await webhooks.deliver(webhook, 'retry', 'valid'))
      return true
    }
    if (url.pathname === '/fp/admin/forged-webhook') {
      const webhook = forgedCopy(storedWebhook(await readJsonObject(request), webhooks))
      const session = sessionOf(request)
      if (session) log.assignRequest(webhook.requestId, session)
      sendJson(response, 200, await webhooks.deliver(webhook, 'forged', 'invalid'))
      return true
    }
    throw new RequestError(404, 'Unknown Fingerprint stand-in route.')
  }
}

const optionalText = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : undefined

/** Reads the agent's request and builds the identification the webhook will describe. */
function identify(body: Record<string, unknown>, userAgent: string, visitors: VisitorRegistry): EmulatedIdentification {
  const agent: AgentVersion = body.agent === 'v4' ? 'v4' : 'v3'
  const deviceId = optionalText(body.deviceId, 100)
  if (!deviceId) throw new RequestError(400, 'deviceId is required.')
  const tag = body.tag
  if (JSON.stringify(tag ?? null).length > 16_384) throw new RequestError(400, 'The tag is over 16 KB.')
  const pageUrl = optionalText(body.url, 2000) ?? ''
  // The demo's "risky device" switch: `?risk=high` in the page URL.
  const risky = safeUrl(pageUrl)?.searchParams.get('risk') === 'high'
  const network = risky ? vpnNetwork : homeNetwork
  const timestamp = Date.now()
  const visitorId = visitorIdFor(deviceId)
  const history = visitors.sight(visitorId, network.address, network.geolocation.countryCode, timestamp)
  const identification: EmulatedIdentification = {
    agent,
    requestId: newRequestId(timestamp),
    timestamp,
    visitorId,
    visitorFound: history.visitorFound,
    confidence: history.visitorFound ? 0.99 : 0.96,
    firstSeenAt: history.firstSeenAt,
    lastSeenAt: history.lastSeenAt,
    url: pageUrl,
    referrer: optionalText(body.referrer, 2000) ?? '',
    userAgent,
    tag,
    linkedId: optionalText(body.linkedId, 256),
    network,
    browser: readBrowser(userAgent),
    signals: emulateSignals(
      { userAgent, timezone: optionalText(body.timezone, 100), automated: body.webdriver === true, risky },
      network,
      history,
    ),
    sdkVersion: sdkVersions[agent],
  }
  return identification
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

/** What each agent's `get()` resolves to. */
function agentResult(identification: EmulatedIdentification): Record<string, unknown> {
  if (identification.agent === 'v4') {
    return {
      event_id: identification.requestId,
      visitor_id: identification.visitorId,
      suspect_score: identification.signals.suspectScore,
      sealed_result: null,
    }
  }
  return {
    requestId: identification.requestId,
    visitorId: identification.visitorId,
    visitorFound: identification.visitorFound,
    confidence: { score: identification.confidence },
  }
}

function storedWebhook(body: Record<string, unknown>, webhooks: WebhookSender): StoredWebhook {
  const requestId = optionalText(body.requestId, 100)
  const webhook = requestId === undefined ? undefined : webhooks.find(requestId)
  if (!webhook) throw new RequestError(404, `No webhook was delivered for requestId ${JSON.stringify(body.requestId)}.`)
  return webhook
}

/**
 * The attacker's copy: the same (real) event id, the Segment payload claiming to be an
 * administrator, and the Smart Signals of a clean device.
 */
function forgedCopy(webhook: StoredWebhook): StoredWebhook {
  const body = JSON.parse(webhook.rawBody) as Record<string, unknown>
  const tag = (webhook.format === 'v4' ? body.tags : body.tag) as Record<string, unknown> | undefined
  const anonymousId = (tag?.integrations as { segment?: { anonymousId?: unknown } } | undefined)?.segment?.anonymousId
  const claimed = { userId: 'usr_admin', traits: { role: 'admin' } }
  const forgedTag = { integrations: { segment: { anonymousId, identify: claimed } } }
  if (webhook.format === 'v4') {
    Object.assign(body, {
      tags: forgedTag,
      bot: 'not_detected',
      vpn: false,
      proxy: false,
      tampering: false,
      suspect_score: 0,
    })
  } else {
    Object.assign(body, {
      tag: forgedTag,
      bot: { result: 'notDetected' },
      vpn: { result: false },
      proxy: { result: false },
      tampering: { result: false, anomalyScore: 0 },
      suspectScore: { result: 0 },
    })
  }
  return {
    requestId: webhook.requestId,
    format: webhook.format,
    rawBody: JSON.stringify(body),
    claim: `userId ${claimed.userId} with traits ${JSON.stringify(claimed.traits)} and a clean device`,
  }
}
