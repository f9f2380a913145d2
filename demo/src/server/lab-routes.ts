/**
 * The browser package's test page, `/lab.html`, and its script bundled from `demo/src/site/lab.ts`
 * (see e2e/browser-*.spec.ts). Kept apart from the demo's own page.
 */
import { readFile } from 'node:fs/promises'
import { build } from 'esbuild'
import type { DemoSettingsSummary } from '../shared/activity'
import { sendText, type RouteHandler } from './http'
import { demoRoot, pageScriptBuild } from './site-assets'

export async function labRoutes(settings: DemoSettingsSummary): Promise<RouteHandler> {
  const [html, bundle] = await Promise.all([
    readFile(`${demoRoot}public/lab.html`, 'utf8'),
    build({
      entryPoints: [`${demoRoot}src/site/lab.ts`],
      ...pageScriptBuild,
    }),
  ])
  const page = html.replace('"__DEMO_SETTINGS__"', JSON.stringify(settings).replaceAll('<', '\\u003c'))
  const script = bundle.outputFiles[0]?.text ?? ''
  return (request, response, url) => {
    if (request.method !== 'GET') return false
    if (url.pathname === '/lab.html') sendText(response, 200, 'text/html; charset=utf-8', page)
    else if (url.pathname === '/assets/lab.js') sendText(response, 200, 'text/javascript; charset=utf-8', script)
    else return false
    return true
  }
}
