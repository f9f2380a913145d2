/**
 * Which part of the receiver answers a request: `GET`/`HEAD` on the health paths and the metrics
 * path, `POST` anywhere else (the webhook: a handler is mounted where the host wants it), and 405
 * for any other method.
 */

export type Route = 'health' | 'live' | 'ready' | 'metrics' | 'webhook' | 'method-not-allowed'

export interface RoutePaths {
  readonly healthPath: string
  readonly metricsPath: string
}

export function routeRequest(method: string | undefined, url: string | undefined, paths: RoutePaths): Route {
  const path = (url ?? '/').split('?', 1)[0] ?? '/'
  if (method === 'GET' || method === 'HEAD') {
    const health = paths.healthPath.replace(/\/+$/, '')
    if (path === paths.healthPath) return 'health'
    if (path === `${health}/live`) return 'live'
    if (path === `${health}/ready`) return 'ready'
    if (path === paths.metricsPath) return 'metrics'
  }
  return method === 'POST' ? 'webhook' : 'method-not-allowed'
}
