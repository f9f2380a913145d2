/**
 * EMULATED: the stand-in's memory of visitors, for `visitorFound`, `firstSeenAt`, `lastSeenAt` and
 * the velocity counters. Kept in memory for the life of the demo server.
 */
import type { WindowedCount } from './emulated-identification'

interface Sighting {
  at: number
  visitorId: string
  ip: string
  country: string
}

const windows = { '5m': 5 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000 } as const

export interface VisitorHistory {
  visitorFound: boolean
  firstSeenAt: number
  lastSeenAt?: number | undefined
  events: WindowedCount
  ipEvents: WindowedCount
  distinctIp: WindowedCount
  distinctCountry: WindowedCount
}

export interface VisitorRegistry {
  /** Records one identification and returns the visitor's history including it. */
  sight(visitorId: string, ip: string, country: string, at: number): VisitorHistory
}

export function createVisitorRegistry(): VisitorRegistry {
  const sightings: Sighting[] = []
  const firstSeen = new Map<string, number>()

  const count = (
    at: number,
    matches: (sighting: Sighting) => boolean,
    distinct?: (sighting: Sighting) => string,
  ): WindowedCount => {
    const result = { '5m': 0, '1h': 0, '24h': 0 }
    for (const window of Object.keys(windows) as (keyof typeof windows)[]) {
      const inWindow = sightings.filter((sighting) => at - sighting.at <= windows[window] && matches(sighting))
      result[window] = distinct ? new Set(inWindow.map(distinct)).size : inWindow.length
    }
    return result
  }

  return {
    sight(visitorId, ip, country, at) {
      const previous = [...sightings].reverse().find((sighting) => sighting.visitorId === visitorId)
      const visitorFound = firstSeen.has(visitorId)
      if (!visitorFound) firstSeen.set(visitorId, at)
      sightings.push({ at, visitorId, ip, country })
      const day = windows['24h']
      while (sightings.length > 0 && at - (sightings[0]?.at ?? at) > day) sightings.shift()
      const ofVisitor = (sighting: Sighting) => sighting.visitorId === visitorId
      return {
        visitorFound,
        firstSeenAt: firstSeen.get(visitorId) ?? at,
        lastSeenAt: previous?.at,
        events: count(at, ofVisitor),
        ipEvents: count(at, (sighting) => sighting.ip === ip),
        distinctIp: count(at, ofVisitor, (sighting) => sighting.ip),
        distinctCountry: count(at, ofVisitor, (sighting) => sighting.country),
      }
    },
  }
}
