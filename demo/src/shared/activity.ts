/**
 * What the demo server records and streams to the live panel (and what the e2e tests read from
 * `GET /api/state`). Shared by the server and the site script, so both agree on the shapes.
 */

/** Which Fingerprint agent (and webhook format) an identification used. */
export type AgentVersion = 'v3' | 'v4'

/** The Segment call types the panel shows. */
export type CallType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias' | 'set'

interface ActivityBase {
  /** Increasing number, unique within one server run. */
  id: number
  /** ISO-8601 time the server recorded it. */
  at: string
  /** The demo session (the visitor's `demo-session` cookie) it belongs to; none for requests without one. */
  session?: string
}

/** An Analytics.js event received by the tracking-API stand-in (`/segment/v1/*`). */
export interface BrowserEventActivity extends ActivityBase {
  kind: 'browser-event'
  /** `analytics.js` for the page's events, `analytics-node` for the function host's forwarded calls. */
  sender: 'analytics.js' | 'analytics-node'
  type: CallType
  messageId: string
  anonymousId?: string | undefined
  userId?: string | undefined
  /** The track event name, the page name, or the group id: what the panel shows as a title. */
  label?: string | undefined
  /** `context.fingerprint.visitorId` stamped by the browser plugin, when present. */
  visitorId?: string | undefined
  /** `context.fingerprint.requestId` stamped by the browser plugin, when present. */
  requestId?: string | undefined
  /** The event exactly as Analytics.js sent it. */
  event: Record<string, unknown>
}

/** One identification answered by the Fingerprint stand-in. */
export interface IdentificationActivity extends ActivityBase {
  kind: 'identification'
  agent: AgentVersion
  requestId: string
  visitorId: string
  visitorFound: boolean
  /** The tag the page sent (`tag` for v3, `tags` or `tag` for v4), untouched. */
  tag: unknown
  linkedId?: string | undefined
  suspectScore: number
  /** Fingerprint's bot detection: `bad` for headless and automated browsers. */
  bot: 'not_detected' | 'good' | 'bad'
  /** e.g. `headlessChrome`, `selenium` (with `bot: 'bad'`). */
  botType?: string | undefined
}

/** Why the Fingerprint stand-in delivered a webhook. */
export type DeliveryPurpose = 'identification' | 'retry' | 'forged'

/** One webhook POST from the Fingerprint stand-in to the function host. */
export interface WebhookDeliveryActivity extends ActivityBase {
  kind: 'webhook-delivery'
  deliveryId: string
  requestId: string
  format: AgentVersion
  purpose: DeliveryPurpose
  /** `valid`: signed with the configured secret; `invalid`: signed with another; `unsigned`: no header. */
  signature: 'valid' | 'invalid' | 'unsigned'
  /** The function host's HTTP status, or 0 when it could not be reached. */
  status: number
  /** A forged webhook's claim, e.g. `userId usr_admin, traits { role: admin }`. */
  claim?: string | undefined
}

/** One call the Source Function made on its `Segment` global. */
export interface FunctionCall {
  type: CallType
  payload: Record<string, unknown>
}

/** One run of the built Source Function in the sandbox. */
export interface FunctionRunActivity extends ActivityBase {
  kind: 'function-run'
  /** The delivery this run answered (demo-only header set by the Fingerprint stand-in). */
  deliveryId?: string | undefined
  /** `requestId` / `event_id` read from the body, when it parses. */
  requestId?: string | undefined
  calls: FunctionCall[]
  /** The error the function threw; `name` is Segment's runtime class (e.g. `ValidationError`). */
  error?: { name: string; message: string } | undefined
  logs: string[]
  /** Whether the calls were handed to `@segment/analytics-node` (only with `SEGMENT_WRITE_KEY`). */
  forwardedToSegment: boolean
}

export type Activity = BrowserEventActivity | IdentificationActivity | WebhookDeliveryActivity | FunctionRunActivity

/** Distributes `Omit` over the union, so each kind keeps its own fields. */
export type NewActivity = Activity extends infer A ? (A extends Activity ? Omit<A, 'id' | 'at'> : never) : never

/** What the site needs to know about the server's configuration (`GET /api/state`). */
export interface DemoSettingsSummary {
  /** The function looks every event up with Fingerprint's Server API (`fingerprintServerApiKey` set). */
  eventsVerified: boolean
  /** Identity proofs are checked by the function (an `identitySecret` is set). */
  identityVerified: boolean
  /** The function's calls are forwarded to a real Segment source. */
  forwardingToSegment: boolean
  /** The Fingerprint public API key the page uses (a demo value: the stand-in accepts any). */
  fingerprintApiKey: string
  /** The write key Analytics.js uses (a demo value: the tracking stand-in accepts any). */
  browserWriteKey: string
}

/** `GET /api/state` (the caller's own session; `?all` for every session's, as the e2e tests read it). */
export interface DemoState {
  settings: DemoSettingsSummary
  activities: Activity[]
}
