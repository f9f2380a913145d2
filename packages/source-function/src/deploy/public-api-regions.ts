/**
 * Where Segment's Public API answers, by the region of the workspace: "for US-based Workspaces, use
 * api.segmentapis.com. For EU-based Workspaces, eu1.api.segmentapis.com" (docs.segmentapis.com,
 * Getting Started). A token works only in its workspace's region.
 */
export const publicApiHosts = {
  us: 'https://api.segmentapis.com',
  eu: 'https://eu1.api.segmentapis.com',
} as const

export type WorkspaceRegion = keyof typeof publicApiHosts
export const workspaceRegions = Object.keys(publicApiHosts) as WorkspaceRegion[]

export function isWorkspaceRegion(value: string): value is WorkspaceRegion {
  return Object.hasOwn(publicApiHosts, value)
}

/** Hosts a token may be sent to over plain HTTP: this machine only (tests, a local stand-in). */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The base URL to send requests to: `apiUrl` when given (a staging host, a local stand-in),
 * otherwise Segment's host for `region`. Without a trailing slash.
 *
 * @throws Error when `apiUrl` is not an http(s) URL, or is plain http to another machine (the
 *   token would cross the network in clear)
 */
export function publicApiBaseUrl(region: WorkspaceRegion, apiUrl?: string): string {
  if (apiUrl === undefined) return publicApiHosts[region]
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    throw new Error(`The Public API URL ${JSON.stringify(apiUrl)} is not a URL.`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) {
    throw new Error(
      `The Public API URL must be https (plain http only to this machine, for a local stand-in): ${url.origin} would send the token in clear.`,
    )
  }
  if (url.search !== '' || url.hash !== '') throw new Error('The Public API URL must not carry a query or a fragment.')
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
