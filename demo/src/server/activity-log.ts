import type { ServerResponse } from 'node:http'
import type { Activity, NewActivity } from '../shared/activity'

/** Everything that happened in this server run, in order, pushed live to the panel over SSE. */
export interface ActivityLog {
  record(activity: NewActivity): Activity
  all(): readonly Activity[]
  /** Streams every past and future activity to `response` as server-sent events. */
  subscribe(response: ServerResponse): void
  clear(): void
}

/** Keeps the last `limit` activities in memory (the demo has no database). */
export function createActivityLog(limit = 2000): ActivityLog {
  const activities: Activity[] = []
  const subscribers = new Set<ServerResponse>()
  let nextId = 1

  const send = (response: ServerResponse, event: string, data: unknown) => {
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  return {
    record(activity) {
      const entry = { ...activity, id: nextId++, at: new Date().toISOString() }
      activities.push(entry)
      if (activities.length > limit) activities.splice(0, activities.length - limit)
      for (const subscriber of subscribers) send(subscriber, 'activity', entry)
      return entry
    },
    all: () => activities,
    subscribe(response) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      })
      send(response, 'reset', activities)
      subscribers.add(response)
      response.on('close', () => subscribers.delete(response))
    },
    clear() {
      activities.length = 0
      for (const subscriber of subscribers) send(subscriber, 'reset', [])
    },
  }
}
