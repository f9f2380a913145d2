import type { AgentVersion, DemoSettingsSummary } from '../shared/activity'

/** The server's settings, from the JSON island the server writes into the page. */
export function readDemoSettings(): DemoSettingsSummary {
  const island = document.getElementById('demo-settings')
  return JSON.parse(island?.textContent ?? '{}') as DemoSettingsSummary
}

/** The agent version this page load uses: `?agent=v4` switches to the v4 agent. */
export function selectedAgentVersion(): AgentVersion {
  return new URLSearchParams(location.search).get('agent') === 'v4' ? 'v4' : 'v3'
}

/** Whether the demo's "risky device" switch is on (`?risk=high`, read by the Fingerprint stand-in). */
export function riskyDeviceSelected(): boolean {
  return new URLSearchParams(location.search).get('risk') === 'high'
}

/** This page's URL with one query parameter changed (`undefined` removes it). */
export function urlWith(name: string, value: string | undefined): string {
  const url = new URL(location.href)
  if (value === undefined) url.searchParams.delete(name)
  else url.searchParams.set(name, value)
  return `${url.pathname}${url.search}`
}
