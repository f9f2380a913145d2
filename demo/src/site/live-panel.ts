/**
 * The live panel: side by side, what the browser sent through Analytics.js and what the Source
 * Function emitted from Fingerprint's webhooks, fed by server-sent events (`/api/stream`). The
 * shared ids (anonymousId, userId, visitorId) are coloured the same wherever they appear.
 */
import type {
  Activity,
  BrowserEventActivity,
  FunctionCall,
  FunctionRunActivity,
  IdentificationActivity,
  WebhookDeliveryActivity,
} from '../shared/activity'
import { clockTime, h, shortId } from './dom'

/** The ids of this browser, read from Analytics.js at each render. */
export interface CurrentIdentity {
  anonymousId?: string | undefined
  userId?: string | undefined
}

const maxCardsPerColumn = 30

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

export interface LivePanel {
  /** The latest identification seen. */
  latestIdentification(): IdentificationActivity | undefined
  /** The request id of the latest webhook the function emitted calls for (for "Replay last webhook" and "Send forged webhook"). */
  latestWebhookWithCalls(): string | undefined
  render(): void
}

/** What the panel shows about the server's configuration. */
export interface PanelSettings {
  /** The function looks every event up with Fingerprint's Server API (`fingerprintServerApiKey` set). */
  eventsVerified: boolean
}

export function startLivePanel(readIdentity: () => CurrentIdentity, settings: PanelSettings): LivePanel {
  let activities: Activity[] = []
  const browserFeed = document.getElementById('browser-feed')
  const serverFeed = document.getElementById('server-feed')
  const identityStrip = document.getElementById('identity-strip')
  let scheduled = false
  // Cards are rebuilt at each render; only the ones never shown before play the arrival animation.
  const shown = new Set<number>()
  const markNew = (card: HTMLElement, id: number): HTMLElement => {
    if (!shown.has(id)) card.classList.add('is-new')
    return card
  }

  const panel: LivePanel = {
    latestIdentification: () =>
      [...activities]
        .reverse()
        .find((activity): activity is IdentificationActivity => activity.kind === 'identification'),
    latestWebhookWithCalls() {
      // Only identifications' webhooks can be delivered again (Fingerprint retries what it sent).
      const identified = new Set(activities.flatMap((a) => (a.kind === 'identification' ? [a.requestId] : [])))
      return [...activities]
        .reverse()
        .find(
          (a): a is FunctionRunActivity =>
            a.kind === 'function-run' && a.calls.length > 0 && a.requestId !== undefined && identified.has(a.requestId),
        )?.requestId
    },
    render() {
      if (scheduled) return
      scheduled = true
      requestAnimationFrame(() => {
        scheduled = false
        draw()
      })
    },
  }

  const draw = () => {
    const identity = readIdentity()
    const browserEvents = activities.filter(
      (a): a is BrowserEventActivity => a.kind === 'browser-event' && a.sender === 'analytics.js',
    )
    const visitorId =
      [...browserEvents].reverse().find((event) => event.visitorId && event.anonymousId === identity.anonymousId)
        ?.visitorId ?? panel.latestIdentification()?.visitorId
    const ids: Ids = { ...identity, visitorId }
    const deliveries = new Map<string, WebhookDeliveryActivity>()
    for (const activity of activities)
      if (activity.kind === 'webhook-delivery') deliveries.set(activity.deliveryId, activity)
    const runs = activities.filter((a): a is FunctionRunActivity => a.kind === 'function-run')
    // Segment keeps the first call of each messageId and drops the repeats (a retried webhook's calls).
    const firstRunOfMessage = new Map<string, number>()
    for (const run of runs)
      for (const call of run.calls) {
        const messageId = text(call.payload.messageId)
        if (messageId && !firstRunOfMessage.has(messageId)) firstRunOfMessage.set(messageId, run.id)
      }
    const isDuplicate = (run: FunctionRunActivity, call: FunctionCall) => {
      const messageId = text(call.payload.messageId)
      return messageId !== undefined && firstRunOfMessage.get(messageId) !== run.id
    }
    const identifications = activities.filter((a): a is IdentificationActivity => a.kind === 'identification')

    identityStrip?.replaceChildren(
      identityItem('anonymousId', 'anon', ids.anonymousId, 'Analytics.js anonymous id'),
      identityItem('userId', 'user', ids.userId, 'not signed in'),
      identityItem('visitorId', 'visitor', ids.visitorId, 'identifying…'),
    )
    browserFeed?.replaceChildren(
      ...emptyOr(
        browserEvents
          .slice(-maxCardsPerColumn)
          .reverse()
          .map((event) => markNew(browserCard(event, ids), event.id)),
        'Waiting for Analytics.js events…',
      ),
    )
    serverFeed?.replaceChildren(
      ...emptyOr(
        runs
          .slice(-maxCardsPerColumn)
          .reverse()
          .map((run) =>
            markNew(
              functionCard(run, run.deliveryId ? deliveries.get(run.deliveryId) : undefined, {
                ids,
                settings,
                isDuplicate: (call) => isDuplicate(run, call),
              }),
              run.id,
            ),
          ),
        'Waiting for Fingerprint webhooks…',
      ),
    )
    for (const activity of activities) shown.add(activity.id)
    const counters = document.getElementById('panel-counters')
    if (counters) {
      const calls = runs.reduce((sum, run) => sum + run.calls.length, 0)
      const distinct = firstRunOfMessage.size
      counters.textContent =
        `${browserEvents.length} browser events · ${identifications.length} identifications · ` +
        `${distinct} server calls${calls > distinct ? ` (+${calls - distinct} duplicates Segment drops)` : ''}`
    }
    showBotNotice(identifications.at(-1))
  }

  const source = new EventSource('/api/stream')
  source.addEventListener('reset', (event) => {
    activities = JSON.parse((event as MessageEvent<string>).data) as Activity[]
    panel.render()
  })
  source.addEventListener('activity', (event) => {
    activities.push(JSON.parse((event as MessageEvent<string>).data) as Activity)
    panel.render()
  })
  return panel
}

interface Ids {
  anonymousId?: string | undefined
  userId?: string | undefined
  visitorId?: string | undefined
}

/** What a function card needs besides its run. */
interface CardContext {
  ids: Ids
  settings: PanelSettings
  /** A call whose messageId an earlier run already sent: Segment drops it. */
  isDuplicate: (call: FunctionCall) => boolean
}

/**
 * Says why every verdict is "block" when it is: Fingerprint flags headless and automated browsers
 * (this one's User-Agent, or `navigator.webdriver`) as bad bots, and the stand-in does the same.
 */
function showBotNotice(latest: IdentificationActivity | undefined): void {
  const notice = document.getElementById('bot-notice')
  if (!notice) return
  const bot = latest?.bot === 'bad'
  notice.hidden = !bot
  if (bot)
    notice.textContent =
      `Fingerprint flags this browser as a bot (${latest.botType ?? 'automation'}): it is headless or driven by ` +
      'automation, as Fingerprint would flag it, so the risk verdict is "block". An ordinary browser window is not flagged.'
}

function emptyOr(cards: HTMLElement[], message: string): HTMLElement[] {
  return cards.length > 0 ? cards : [h('li', { class: 'feed-empty' }, message)]
}

function identityItem(label: string, role: string, value: string | undefined, placeholder: string): HTMLElement {
  return h(
    'div',
    { class: `identity ${role}`, 'data-testid': `identity-${role}` },
    h('span', { class: 'identity-label' }, label),
    value
      ? h('code', { class: 'identity-value', title: value }, value)
      : h('span', { class: 'identity-placeholder' }, placeholder),
  )
}

/** A chip for an id: coloured like the identity it matches. */
function idChip(kind: 'anon' | 'user' | 'visitor', value: string | undefined, ids: Ids): HTMLElement | undefined {
  if (!value) return undefined
  const current = kind === 'anon' ? ids.anonymousId : kind === 'user' ? ids.userId : ids.visitorId
  return h(
    'span',
    { class: `chip ${kind} ${value === current ? 'match' : ''}`, title: `${kind}: ${value}` },
    h('b', {}, kind),
    shortId(value),
  )
}

const typeTitles: Record<string, string> = {
  identify: 'Identify',
  track: 'Track',
  page: 'Page',
  group: 'Group',
  screen: 'Screen',
  alias: 'Alias',
  set: 'Set',
}

function typeBadge(type: string): HTMLElement {
  return h('span', { class: `type-badge ${type}` }, typeTitles[type] ?? type)
}

function browserCard(event: BrowserEventActivity, ids: Ids): HTMLElement {
  const path = event.type === 'page' ? text(record(record(event.event.context).page).path) : undefined
  const title =
    event.label ?? (event.type === 'identify' ? (text(record(event.event.traits).email) ?? 'traits') : event.type)
  return h(
    'li',
    { class: 'card event-card', 'data-testid': 'browser-event', 'data-type': event.type },
    h(
      'div',
      { class: 'card-row' },
      typeBadge(event.type),
      h('span', { class: 'card-title' }, title),
      path && h('span', { class: 'card-sub' }, path),
      h('time', {}, clockTime(event.at)),
    ),
    h(
      'div',
      { class: 'chips' },
      idChip('anon', event.anonymousId, ids),
      idChip('user', event.userId, ids),
      event.visitorId ? idChip('visitor', event.visitorId, ids) : h('span', { class: 'chip missing' }, 'no visitorId'),
    ),
  )
}

/** How the function authenticated the event: with Fingerprint's Server API, or not at all. */
function authenticityPill(run: FunctionRunActivity, settings: PanelSettings): HTMLElement | undefined {
  if (!settings.eventsVerified)
    return h(
      'span',
      {
        class: 'pill neutral',
        title: 'FINGERPRINT_SERVER_API_KEY is empty: the function maps the webhook body as it is',
      },
      'not verified',
    )
  if (run.logs.some((line) => line.includes("verified with Fingerprint's Server API")))
    return h(
      'span',
      {
        class: 'pill ok',
        'data-testid': 'verified',
        title: 'The function mapped the event Fingerprint holds, not the webhook body',
      },
      "✓ verified with Fingerprint's Server API",
    )
  return undefined
}

function functionCard(
  run: FunctionRunActivity,
  delivery: WebhookDeliveryActivity | undefined,
  { ids, settings, isDuplicate }: CardContext,
): HTMLElement {
  const header = h(
    'div',
    { class: 'card-row' },
    h('span', { class: 'webhook-label' }, 'Webhook'),
    delivery && h('span', { class: 'pill neutral' }, delivery.format),
    authenticityPill(run, settings),
    delivery?.purpose === 'retry' && h('span', { class: 'pill info' }, 'retry'),
    delivery?.purpose === 'forged' && h('span', { class: 'pill danger' }, 'forged'),
    h('time', {}, clockTime(run.at)),
  )
  const status = delivery ? ` · HTTP ${delivery.status || 'unreachable'}` : ''
  const subline = h(
    'div',
    { class: 'card-meta' },
    h('code', { title: run.requestId }, run.requestId ?? 'unreadable body'),
    status,
  )
  const body: (HTMLElement | undefined)[] = []
  if (delivery?.claim)
    body.push(h('div', { class: 'claim', 'data-testid': 'forged-claim' }, `Claims ${delivery.claim}`))
  if (run.error) {
    body.push(
      h(
        'div',
        { class: 'outcome rejected' },
        h('b', {}, `Rejected · ${run.error.name}`),
        h('span', {}, run.error.message),
      ),
    )
  } else if (run.calls.length === 0) {
    const reason = run.logs.find((line) => line.includes('skipIntegration'))
      ? 'skipIntegration: nothing sent to Segment'
      : 'Nothing sent to Segment'
    body.push(h('div', { class: 'outcome skipped' }, reason))
  }
  for (const call of run.calls) body.push(callRow(call, ids, isDuplicate(call)))
  if (run.forwardedToSegment) body.push(h('div', { class: 'forwarded' }, '→ sent to your Segment source'))
  return h(
    'li',
    {
      class: `card function-card ${run.error ? 'is-rejected' : ''}`,
      'data-testid': 'function-run',
      'data-request-id': run.requestId,
    },
    header,
    subline,
    ...body.filter((node): node is HTMLElement => node !== undefined),
  )
}

const verdictTone: Record<string, string> = {
  allow: 'ok',
  review: 'warn',
  challenge: 'warn',
  block: 'danger',
  deny: 'danger',
}

function callRow(call: FunctionCall, ids: Ids, duplicate: boolean): HTMLElement {
  const { payload } = call
  const fingerprint = record(record(payload.context).fingerprint)
  const traits = record(payload.traits)
  const label =
    text(payload.event) ??
    text(payload.groupId) ??
    text(payload.name) ??
    (call.type === 'identify' ? (text(traits.email) ?? 'profile') : '')
  const signals = record(fingerprint.signals)
  const facts: (HTMLElement | undefined)[] = []
  if (fingerprint.identityVerified === true) facts.push(h('span', { class: 'pill ok' }, '✓ identity verified'))
  if (fingerprint.identityVerified === false) {
    facts.push(
      h(
        'span',
        { class: 'pill danger' },
        `✗ unverified claim${text(fingerprint.claimedUserId) ? `: ${text(fingerprint.claimedUserId)}` : ''}`,
      ),
    )
  }
  if (call.type === 'identify') {
    if (text(signals.bot))
      facts.push(
        h('span', { class: `pill ${signals.bot === 'bad' ? 'danger' : 'neutral'}` }, `bot: ${String(signals.bot)}`),
      )
    if (signals.vpn === true) facts.push(h('span', { class: 'pill danger' }, 'VPN'))
    if (signals.tampering === true) facts.push(h('span', { class: 'pill danger' }, 'tampering'))
    if (typeof signals.suspectScore === 'number')
      facts.push(
        h(
          'span',
          { class: `pill ${signals.suspectScore >= 10 ? 'warn' : 'neutral'}` },
          `suspect score ${signals.suspectScore}`,
        ),
      )
    const risk = record(fingerprint.risk)
    if (text(risk.verdict))
      facts.push(
        h(
          'span',
          { class: `pill ${verdictTone[String(risk.verdict)] ?? 'neutral'}`, 'data-testid': 'risk-verdict' },
          `verdict: ${String(risk.verdict)}`,
        ),
      )
    const reasons = Array.isArray(risk.reasons) ? risk.reasons.filter((reason) => typeof reason === 'string') : []
    if (reasons.length > 0)
      facts.push(h('span', { class: 'pill neutral', 'data-testid': 'risk-reasons' }, `because: ${reasons.join(', ')}`))
    const location = record(record(payload.context).location)
    if (text(location.city))
      facts.push(h('span', { class: 'pill neutral' }, `${text(location.city) ?? ''}, ${text(location.country) ?? ''}`))
  }
  const messageId = text(payload.messageId)
  return h(
    'div',
    {
      class: `call ${duplicate ? 'is-duplicate' : ''}`,
      'data-testid': 'function-call',
      'data-type': call.type,
      'data-duplicate': duplicate ? 'true' : 'false',
    },
    h(
      'div',
      { class: 'card-row' },
      typeBadge(call.type),
      h('span', { class: 'card-title' }, label),
      duplicate &&
        h(
          'span',
          { class: 'pill warn', title: 'Segment has this messageId already (kept 24 h at least) and drops the repeat' },
          'duplicate: Segment drops it',
        ),
    ),
    messageId && h('code', { class: 'message-id', title: 'messageId' }, `messageId ${messageId}`),
    h(
      'div',
      { class: 'chips' },
      idChip('anon', text(payload.anonymousId), ids),
      idChip('user', text(payload.userId), ids),
      idChip('visitor', text(traits.visitorId) ?? text(fingerprint.visitorId), ids),
    ),
    facts.length > 0 &&
      h('div', { class: 'facts' }, ...facts.filter((fact): fact is HTMLElement => fact !== undefined)),
  )
}
