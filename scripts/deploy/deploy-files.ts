/**
 * What the files in deploy/ say, read the way their tools read them: the Dockerfile's final stage
 * (its environment, working folder, health check and start command), the compose file, the
 * systemd unit. `check-deploy.ts` runs and checks each as far as this machine can.
 */

/** The final stage of a Dockerfile: what the running container gets. */
export interface ImageStage {
  readonly env: Readonly<Record<string, string>>
  readonly workdir: string | undefined
  /** CMD in exec form (JSON array); undefined when written in shell form. */
  readonly cmd: readonly string[] | undefined
  /** HEALTHCHECK's CMD in exec form, when there is one. */
  readonly healthcheck: readonly string[] | undefined
  readonly stopSignal: string | undefined
}

/** Instructions with their continuation lines joined, comments dropped. */
function instructions(dockerfile: string): string[] {
  const joined = dockerfile
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** `KEY=value KEY2="value 2"` as an object. */
function envPairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {}
  for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    pairs[match[1] as string] = match[3] ?? match[2] ?? ''
  }
  return pairs
}

function execForm(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Reads the final stage (after the last FROM) of `dockerfile`. */
export function readImageStage(dockerfile: string): ImageStage {
  const lines = instructions(dockerfile)
  const lastFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true)
  const stage = lines.slice(lastFrom + 1)
  const env: Record<string, string> = {}
  let workdir: string | undefined
  let cmd: string[] | undefined
  let healthcheck: string[] | undefined
  let stopSignal: string | undefined
  for (const line of stage) {
    const [, keyword = '', rest = ''] = /^(\S+)\s+([\s\S]*)$/.exec(line) ?? []
    switch (keyword.toUpperCase()) {
      case 'ENV':
        Object.assign(env, envPairs(rest))
        break
      case 'WORKDIR':
        workdir = rest.trim()
        break
      case 'CMD':
        cmd = execForm(rest.trim())
        break
      case 'HEALTHCHECK':
        healthcheck = execForm(rest.replace(/^(--\S+\s+)*CMD\s+/, '').trim())
        break
      case 'STOPSIGNAL':
        stopSignal = rest.trim()
        break
    }
  }
  return { env, workdir, cmd, healthcheck, stopSignal }
}

/** The `Key=value` lines of a systemd unit's section, in order (a key may repeat). */
export function unitSettings(unit: string, section: string): [string, string][] {
  const settings: [string, string][] = []
  let current = ''
  for (const raw of unit.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      current = header[1] ?? ''
      continue
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line)
    if (pair && current === section) settings.push([pair[1] ?? '', pair[2] ?? ''])
  }
  return settings
}
