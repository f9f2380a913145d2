/**
 * The examples app's matrix, written once: the TypeScript versions, the peer versions, the agent
 * sets and the module resolutions the README snippets are checked under. Every type check runs
 * each combination; the packages' README compatibility table is checked against this file and the
 * browser package's `peerDependencies` (`readme-compatibility.test.ts`).
 */
import { floorVersion } from './version-floor'

/**
 * TypeScript, installed side by side in the app under aliases (`typescript-5.9@npm:typescript@~5.9.0`):
 * the oldest version the packages' declarations support, the 6.x line, and the latest on npm.
 */
export const typescriptVersions = [
  { name: '5.9', spec: '~5.9.0', floor: true },
  { name: '6', spec: '^6.0.0', floor: false },
  { name: 'latest', spec: 'latest', floor: false },
] as const satisfies readonly { name: string; spec: string; floor: boolean }[]

export type TypeScriptVersion = (typeof typescriptVersions)[number]

/** The oldest TypeScript the published declarations compile with (`skipLibCheck: false`). */
export const typescriptFloor = typescriptVersions.find((version) => version.floor)

/** The alias a TypeScript version is installed under in the app's node_modules. */
export const typescriptPackage = (version: TypeScriptVersion) => `typescript-${version.name}`

/**
 * The peers (Analytics.js and the agents) at the versions the app declares (the latest of each
 * major), and at the floors of the browser package's `peerDependencies` ranges.
 */
export type PeerSet = 'latest peers' | 'peer floors'

/** The peers of the packed browser package at their floors, as npm install arguments (`name@1.2.3`). */
export function peerFloorSpecs(peerDependencies: Record<string, string>): string[] {
  return Object.entries(peerDependencies).map(([name, range]) => `${name}@${floorVersion(range)}`)
}

export type Resolution = 'bundler' | 'node16'
export type AgentSet = 'both agents' | 'v3 agent only' | 'v4 agent only'

export const resolutions: readonly Resolution[] = ['bundler', 'node16']

/** The app's own tsconfig for each resolution (Vite's template settings, `skipLibCheck` off). */
export const tsconfigFor: Record<Resolution, string> = {
  bundler: 'tsconfig.json',
  node16: 'tsconfig.node16.json',
}

export interface AgentSetup {
  agents: AgentSet
  /** Its part of a work folder's name (`v3-only`), if any. */
  folderSuffix?: string
  /** The agent package this set leaves out of node_modules, if any. */
  without?: string
  /**
   * What the type check covers (the app's tsconfig `include`), with only the Vite template's own
   * `types` (no Node types: those are for the server snippets, which need no agent and are checked
   * with both agents); undefined: the whole app.
   */
  include?: string[]
}

export const agentSetups: readonly AgentSetup[] = [
  { agents: 'both agents' },
  {
    agents: 'v3 agent only',
    folderSuffix: 'v3-only',
    without: '@fingerprint/agent',
    include: ['src/readme/browser-v3'],
  },
  {
    agents: 'v4 agent only',
    folderSuffix: 'v4-only',
    without: '@fingerprintjs/fingerprintjs-pro',
    include: ['src/readme/browser-v4'],
  },
]

/** One work folder of the app: a set of peers, and a set of agents. */
export interface AppVariant {
  peers: PeerSet
  setup: AgentSetup
  /** Its folder under `.examples-work/`. */
  folder: string
}

export const appVariants: readonly AppVariant[] = (['latest peers', 'peer floors'] as const).flatMap((peers) =>
  agentSetups.map((setup) => ({
    peers,
    setup,
    folder: ['app', ...(peers === 'peer floors' ? ['floor'] : []), ...(setup.folderSuffix ? [setup.folderSuffix] : [])].join('-'),
  })),
)

/**
 * Cases known to fail today, with why. Strict: one that passes fails the check too, so the note is
 * removed once the cause is fixed.
 */
export const expectedTypeFailures: readonly {
  agents: AgentSet
  /** What each error line of the failure shows: any other error fails the check. */
  shows: RegExp
  why: string
}[] = []
