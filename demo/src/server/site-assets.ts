/**
 * The demo site: `index.html` and `styles.css` from `demo/public`, and its script bundled with
 * esbuild from `demo/src/site/main.ts` at start-up (the browser package is used from its source).
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from 'esbuild'
import type { DemoSettingsSummary } from '../shared/activity'
import { ensureSession } from './demo-session'
import { sendText, type RouteHandler } from './http'

/** The demo folder (ends with `/`). */
export const demoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** How every page script of the demo is bundled for the browser at start-up. */
export const pageScriptBuild = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  write: false,
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // The workspace packages' `exports` send this condition to their sources; `module` is esbuild's default, which a list replaces.
  conditions: ['@fingerprint-segment/source', 'module'],
  logLevel: 'silent',
} as const satisfies BuildOptions

/** The bundled site script and its source map. */
export interface SiteScript {
  script: string
  sourceMap: string
}

/** Bundles the site script (Analytics.js, both Fingerprint loaders, the browser package). */
export async function bundleSiteScript(): Promise<SiteScript> {
  const result = await build({
    entryPoints: [`${demoRoot}src/site/main.ts`],
    outfile: `${demoRoot}site.js`,
    ...pageScriptBuild,
    sourcemap: 'linked',
  })
  const script = result.outputFiles.find((file) => file.path.endsWith('site.js'))
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith('site.js.map'))
  if (!script || !sourceMap) throw new Error('esbuild produced no site script.')
  return { script: script.text, sourceMap: sourceMap.text }
}

/** The page, the stylesheet and the script. */
export async function siteRoutes(settings: DemoSettingsSummary): Promise<RouteHandler> {
  const [html, styles, { script, sourceMap }] = await Promise.all([
    readFile(`${demoRoot}public/index.html`, 'utf8'),
    readFile(`${demoRoot}public/styles.css`, 'utf8'),
    bundleSiteScript(),
  ])
  // The page reads its settings from this JSON island: no request before Analytics.js starts.
  const page = html.replace('"__DEMO_SETTINGS__"', JSON.stringify(settings).replaceAll('<', '\\u003c'))
  return (request, response, url) => {
    if (request.method !== 'GET') return false
    if (url.pathname === '/' || url.pathname === '/index.html') {
      ensureSession(request, response)
      sendText(response, 200, 'text/html; charset=utf-8', page)
    } else if (url.pathname === '/assets/styles.css') sendText(response, 200, 'text/css; charset=utf-8', styles)
    else if (url.pathname === '/assets/site.js') sendText(response, 200, 'text/javascript; charset=utf-8', script)
    else if (url.pathname === '/assets/site.js.map')
      sendText(response, 200, 'application/json; charset=utf-8', sourceMap)
    else if (url.pathname === '/favicon.ico') response.writeHead(204).end()
    else return false
    return true
  }
}
