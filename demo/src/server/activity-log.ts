import type { ServerResponse } from 'node:http'
import type { Activity, NewActivity } from '../shared/activity'

/** Which activities a reader sees: one demo session's (undefined: requests without one), or every session's. */
export type ActivityScope = { session: string | undefined } | 'all'

/** Everything that happened in this server run, in order, pushed live to the panel over SSE. */
export interface ActivityLog {
  /**
   * Records an activity of `session` (the visitor whose request caused it). Without one, the
   * session is the one that caused the identification (webhooks, function runs: same request id)
   * or the function call (the calls forwarded to Segment: same messageId).
   */
  record(activity: NewActivity, session?: string): Activity
  /** Activities of a request id not identified yet belong to `session` (a forged webhook's new id). */
  assignRequest(requestId: string, session: string): void
  all(scope: ActivityScope): readonly Activity[]
  /** Streams the scope's past and future activities to `response` as server-sent events. */
  subscribe(response: ServerResponse, scope: ActivityScope): void
  clear(scope: ActivityScope): void
}

interface Subscriber {
  response: ServerResponse
  scope: ActivityScope
}

const inScope = (activity: Activity, scope: ActivityScope) => scope === 'all' || activity.session === scope.session
/** Whether two scopes share activities (a reader of one sees a change of the other). */
const overlap = (one: ActivityScope, other: ActivityScope) =>
  one === 'all' || other === 'all' || one.session === other.session

/** Keeps the last `limit` activities in memory (the demo has no database). */
export function createActivityLog(limit = 2000): ActivityLog {
  let activities: Activity[] = []
  const subscribers = new Set<Subscriber>()
  const sessionOfRequest = new Map<string, string>()
  const sessionOfMessage = new Map<string, string>()
  let nextId = 1

  const send = (response: ServerResponse, event: string, data: unknown) => {
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  const implicitSession = (activity: NewActivity): string | undefined => {
    if (activity.kind === 'browser-event') return sessionOfMessage.get(activity.messageId)
    return activity.requestId === undefined ? undefined : sessionOfRequest.get(activity.requestId)
  }

  return {
    record(activity, session) {
      const entry = {
        ...activity,
        id: nextId++,
        at: new Date().toISOString(),
        session: session ?? implicitSession(activity),
      } as Activity
      if (entry.session !== undefined) {
        if (entry.kind === 'identification') sessionOfRequest.set(entry.requestId, entry.session)
        if (entry.kind === 'function-run')
          for (const call of entry.calls)
            if (typeof call.payload.messageId === 'string') sessionOfMessage.set(call.payload.messageId, entry.session)
      }
      activities.push(entry)
      if (activities.length > limit) activities.splice(0, activities.length - limit)
      for (const subscriber of subscribers)
        if (inScope(entry, subscriber.scope)) send(subscriber.response, 'activity', entry)
      return entry
    },
    assignRequest(requestId, session) {
      sessionOfRequest.set(requestId, session)
    },
    all: (scope) => activities.filter((activity) => inScope(activity, scope)),
    subscribe(response, scope) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      })
      send(
        response,
        'reset',
        activities.filter((activity) => inScope(activity, scope)),
      )
      const subscriber = { response, scope }
      subscribers.add(subscriber)
      response.on('close', () => subscribers.delete(subscriber))
    },
    clear(scope) {
      activities = activities.filter((activity) => !inScope(activity, scope))
      for (const subscriber of subscribers)
        if (overlap(scope, subscriber.scope))
          send(
            subscriber.response,
            'reset',
            activities.filter((activity) => inScope(activity, subscriber.scope)),
          )
    },
  }
}
