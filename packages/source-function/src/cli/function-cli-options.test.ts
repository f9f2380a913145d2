import { describe, expect, it } from 'vitest'
import { functionCliUsage, FunctionCliUsageError, parseFunctionCli } from './function-cli-options'

const env = { SEGMENT_PUBLIC_API_TOKEN: 'secret-token-123' }

function usageError(argv: readonly string[], environment: Record<string, string | undefined> = env): string {
  try {
    parseFunctionCli(argv, environment)
  } catch (error) {
    if (error instanceof FunctionCliUsageError) return error.message
    throw error
  }
  throw new Error('expected a usage error')
}

describe('parseFunctionCli: deploy', () => {
  it('defaults to the US host, the default name, the token from the environment', () => {
    expect(parseFunctionCli(['deploy'], env)).toEqual({
      kind: 'deploy',
      options: {
        name: 'Fingerprint webhooks',
        region: 'us',
        baseUrl: 'https://api.segmentapis.com',
        token: 'secret-token-123',
        prune: false,
        dryRun: false,
        rerunCommand: 'fingerprint-segment-function deploy',
      },
    })
  })

  it('takes the name, the EU region, --dry-run and --prune; the command to run again keeps the name and region only', () => {
    const command = parseFunctionCli(
      ['deploy', '--name', 'Fingerprint (EU)', '--workspace-region', 'EU', '--dry-run', '--prune'],
      env,
    )
    expect(command).toMatchObject({
      kind: 'deploy',
      options: {
        name: 'Fingerprint (EU)',
        region: 'eu',
        baseUrl: 'https://eu1.api.segmentapis.com',
        prune: true,
        dryRun: true,
        rerunCommand: 'fingerprint-segment-function deploy --name "Fingerprint (EU)" --workspace-region eu',
      },
    })
  })

  it('takes the API URL from --api-url over SEGMENT_PUBLIC_API_URL, over the region', () => {
    const fromEnv = parseFunctionCli(['deploy'], { ...env, SEGMENT_PUBLIC_API_URL: 'http://127.0.0.1:9/' })
    expect(fromEnv).toMatchObject({
      options: { baseUrl: 'http://127.0.0.1:9', rerunCommand: 'fingerprint-segment-function deploy' },
    })
    const fromFlag = parseFunctionCli(['deploy', '--api-url', 'https://staging.example.com'], {
      ...env,
      SEGMENT_PUBLIC_API_URL: 'http://127.0.0.1:9',
    })
    expect(fromFlag).toMatchObject({
      options: {
        baseUrl: 'https://staging.example.com',
        rerunCommand: 'fingerprint-segment-function deploy --api-url https://staging.example.com',
      },
    })
  })

  it.each([
    [['deploy'], {}, /Set SEGMENT_PUBLIC_API_TOKEN to a Public API token .* never from a flag/],
    [['deploy'], { SEGMENT_PUBLIC_API_TOKEN: '  ' }, /Set SEGMENT_PUBLIC_API_TOKEN/],
    [['deploy', '--workspace-region', 'ap'], env, /--workspace-region must be us or eu, got "ap"/],
    [['deploy', '--api-url', 'http://api.example.com'], env, /^--api-url: .* in clear/],
    [['deploy'], { ...env, SEGMENT_PUBLIC_API_URL: 'nope' }, /^SEGMENT_PUBLIC_API_URL: .* is not a URL/],
    [['deploy', '--name', ' '], env, /--name must not be empty/],
    [['deploy', '--out', 'x.js'], env, /--out is not an option of deploy/],
    [['deploy', 'now'], env, /Unknown command: deploy now/],
    [[], env, /Missing the command: deploy, bundle, settings/],
    [['deploy', '--nmae', 'x'], env, /Unknown flag --nmae/],
  ])('%j refuses with a usage error', (argv, environment, message) => {
    expect(usageError(argv, environment)).toMatch(message)
  })

  it('has no --token flag, and its refusal never repeats the value', () => {
    for (const argv of [
      ['deploy', '--token', 'leaked-value'],
      ['deploy', '--token=leaked-value'],
    ]) {
      const message = usageError(argv)
      expect(message).toMatch(/There is no --token flag.* Set SEGMENT_PUBLIC_API_TOKEN instead/)
      expect(message).not.toContain('leaked-value')
    }
  })
})

describe('parseFunctionCli: bundle, settings, help', () => {
  it('reads bundle --out (the default file, or - for standard output) and settings', () => {
    expect(parseFunctionCli(['bundle'], {})).toEqual({ kind: 'bundle', out: 'segment-source-function.js' })
    expect(parseFunctionCli(['bundle', '--out', '-'], {})).toEqual({ kind: 'bundle', out: '-' })
    expect(parseFunctionCli(['settings'], {})).toEqual({ kind: 'settings' })
    expect(parseFunctionCli(['deploy', '--help'], {})).toEqual({ kind: 'help' })
    expect(parseFunctionCli(['--version'], {})).toEqual({ kind: 'version' })
  })

  it('documents every command and flag, and where the token comes from', () => {
    for (const text of [
      'deploy',
      'bundle',
      'settings',
      '--name',
      '--workspace-region',
      '--api-url',
      '--dry-run',
      '--prune',
      '--out',
      'SEGMENT_PUBLIC_API_TOKEN',
      'SEGMENT_PUBLIC_API_URL',
    ]) {
      expect(functionCliUsage).toContain(text)
    }
    expect(functionCliUsage).not.toContain('--token')
  })
})
