/**
 * What the examples apps' pages fetch from third-party hosts, answered locally: the README snippets
 * load the agents, Analytics.js and our IIFE from Fingerprint's, Segment's and unpkg's CDNs with
 * their default URLs, Hightouch Events' SDK posts to its API, and the browser test routes each such
 * request here. Matched by path, whatever
 * the host (the loaders pick and encode their own hosts): the Fingerprint agent code and Segment's
 * source settings come from the demo's stand-ins, the CDN copies of published files from the
 * installed packages (what those CDNs serve). A request no rule knows is refused and reported.
 */
import { readFileSync } from 'node:fs'

export type StandInAnswer =
  /** Forward to this URL of the demo server. */
  | { kind: 'demo'; url: string }
  /** Serve this local file. */
  | { kind: 'file'; path: string }
  /** Serve this JavaScript module. */
  | { kind: 'module'; body: string }

interface Rule {
  /** What the real host serves at that path. */
  what: string
  pattern: RegExp
  answer(match: RegExpExecArray, url: URL): StandInAnswer
}

/**
 * Where the CDN loader module below loads the npm loader from (a path of the stand-in only): its UMD
 * build, self-contained in every version (the ESM build of 3.9 imports `tslib`, which a browser
 * cannot resolve), which sets `globalThis.FingerprintJS` when run as a module.
 */
const npmLoaderPath = '/stand-in/fingerprintjs-pro/fp.umd.min.js'

/**
 * The rules for an app installed in `appDir` (its node_modules hold the published files) and the
 * demo at `demoUrl` (e.g. `http://127.0.0.1:41234`).
 */
export function cdnStandIns(appDir: string, demoUrl: string): (url: URL) => StandInAnswer | undefined {
  const installed = (path: string) => `${appDir}/node_modules/${path}`
  const rules: Rule[] = [
    {
      what: "Fingerprint's v3 agent script (the v3 loader's scriptUrlPattern)",
      pattern: /^\/v\d+\/[^/]+\/loader_v[^/]+\.js$/,
      answer: (_match, url) => ({ kind: 'demo', url: `${demoUrl}/fp/agent${url.pathname}` }),
    },
    {
      what: "Fingerprint's v4 agent module (the v4 loader's endpoint)",
      pattern: /^\/(?:web\/)?v4\/[^/]+$/,
      answer: (_match, url) => ({ kind: 'demo', url: `${demoUrl}/fp${url.pathname}${url.search}` }),
    },
    {
      // The npm loader with the key of its URL, loading the agent from the CDN: what the CDN's module does.
      what: "Fingerprint's CDN loader module (`import('https://fpjscdn.net/v3/<apiKey>')`)",
      pattern: /^\/v3\/([^/]+)$/,
      answer: (match, url) => ({
        kind: 'module',
        body: `import '${url.origin}${npmLoaderPath}'
const loader = globalThis.FingerprintJS
export function load(options) {
  return loader.load({ apiKey: ${JSON.stringify(decodeURIComponent(match[1] ?? ''))}, scriptUrlPattern: '${url.origin}/v<version>/<apiKey>/loader_v<loaderVersion>.js', ...options })
}
export default { ...loader, load }
`,
      }),
    },
    {
      what: 'the npm loader, imported by the CDN loader module above',
      pattern: new RegExp(`^${npmLoaderPath.replaceAll('.', '\\.')}$`),
      answer: () => ({ kind: 'file', path: installed('@fingerprintjs/fingerprintjs-pro/dist/fp.umd.min.js') }),
    },
    {
      what: "Segment's source settings for a write key",
      pattern: /^\/v1\/projects\/[^/]+\/settings$/,
      answer: (_match, url) => ({ kind: 'demo', url: `${demoUrl}/segment/cdn${url.pathname}` }),
    },
    {
      what: 'Analytics.js from the Segment snippet',
      pattern: /^\/analytics\.js\/v1\/[^/]+\/analytics\.min\.js$/,
      answer: () => ({ kind: 'file', path: installed('@segment/analytics-next/dist/umd/standalone.js') }),
    },
    {
      what: "Analytics.js's lazily loaded chunks",
      pattern: /^\/analytics-next\/bundles\/([\w.-]+\.js)$/,
      answer: (match) => ({ kind: 'file', path: installed(`@segment/analytics-next/dist/umd/${match[1] ?? ''}`) }),
    },
    {
      // The SDK posts each event to its API host (`us-east-1.hightouch-events.com`) in Segment's format.
      what: "Hightouch Events' tracking API",
      pattern: /^\/v1\/(track|page|identify|group|alias|screen|batch)$/,
      answer: (match) => ({ kind: 'demo', url: `${demoUrl}/segment/v1/${match[1] ?? ''}` }),
    },
    {
      what: "unpkg's copy of @fingerprint-segment/browser (its package.json's `unpkg` file, else `main`)",
      pattern: /^\/@fingerprint-segment\/browser(?:@[^/]+)?\/?$/,
      answer: () => {
        const root = installed('@fingerprint-segment/browser')
        const manifest = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { unpkg?: string; main?: string }
        return { kind: 'file', path: `${root}/${manifest.unpkg ?? manifest.main ?? 'index.js'}` }
      },
    },
  ]
  return (url) => {
    for (const rule of rules) {
      const match = rule.pattern.exec(url.pathname)
      if (match) return rule.answer(match, url)
    }
    return undefined
  }
}
