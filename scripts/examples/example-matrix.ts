/**
 * The type-check matrix of the examples app: each module resolution adopters use, with both
 * Fingerprint agents installed and with each one alone (an app installs the agent it uses).
 */

export type Resolution = 'bundler' | 'node16'
export type AgentSet = 'both agents' | 'v3 agent only' | 'v4 agent only'

export interface AgentSetup {
  agents: AgentSet
  /** The work folder's name for this set. */
  folder: string
  /** The agent package uninstalled from the full app, if any. */
  uninstall?: string
  /** What the type check covers (the app's tsconfig `include`); undefined: the whole app. */
  include?: string[]
}

/** The sources that need no agent: the server package's snippets and their context. */
const serverSources = ['src/readme/server', 'src/server']

export const agentSetups: readonly AgentSetup[] = [
  { agents: 'both agents', folder: 'app' },
  {
    agents: 'v3 agent only',
    folder: 'app-v3-only',
    uninstall: '@fingerprint/agent',
    include: ['src/readme/browser-v3', ...serverSources],
  },
  {
    agents: 'v4 agent only',
    folder: 'app-v4-only',
    uninstall: '@fingerprintjs/fingerprintjs-pro',
    include: ['src/readme/browser-v4', ...serverSources],
  },
]

export const resolutions: readonly Resolution[] = ['bundler', 'node16']

/** The app's own tsconfig for each resolution. */
export const tsconfigFor: Record<Resolution, string> = {
  bundler: 'tsconfig.json',
  node16: 'tsconfig.node16.json',
}

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
