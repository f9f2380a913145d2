// Tells the commands whether the install and the builds are up to date, so `npm run demo` and the
// other root scripts skip what is already done. Plain Node (no dependency): it runs before the install.
//
//   node scripts/workspace-state.mjs install-is-current [demo]
//                                                           exit 0 when the last install used these manifests and
//                                                           holds the whole workspace (with `demo`: at least the demo's part)
//   node scripts/workspace-state.mjs record-install [demo]  after a successful install (of the demo's part only)
//   node scripts/workspace-state.mjs build-is-current <package dir>...
//                                                           exit 0 when each dist/ is newer than its inputs
//
// Not current: a message on stdout saying why (shown as progress by the caller).
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const installStamp = join(root, 'node_modules', '.fingerprint-segment-install')

/** The files an install depends on: the lockfile, the workspace file and every workspace manifest. */
function installInputs() {
  // The list under `packages:` (up to the next top-level key).
  const workspace = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const packagesBlock = /^packages:\n((?:[ \t]+.*\n?)*)/m.exec(workspace)?.[1] ?? ''
  const folders = ['.']
  for (const match of packagesBlock.matchAll(/-\s*['"]?([^'"\s#]+)['"]?/g)) {
    const pattern = match[1]
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2)
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true }))
        if (entry.isDirectory()) folders.push(join(parent, entry.name))
    } else folders.push(pattern)
  }
  const manifests = folders.map((folder) => join(folder, 'package.json')).filter((file) => existsSync(join(root, file)))
  return ['pnpm-lock.yaml', 'pnpm-workspace.yaml', ...manifests.sort()]
}

function installFingerprint() {
  const hash = createHash('sha256').update(process.version)
  for (const file of installInputs()) hash.update(`\0${file}\0`).update(readFileSync(join(root, file)))
  return hash.digest('hex')
}

/** Every file under `path` (a file or a folder), skipping node_modules. */
function filesUnder(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' ? [] : filesUnder(join(path, entry.name)),
  )
}

/** The folders of the workspace packages `folder` depends on (`workspace:` ranges): their sources are its inputs too. */
function workspaceDependencyFolders(folder) {
  const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'))
  const names = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, range]) => String(range).startsWith('workspace:'))
    .map(([name]) => name)
  return readdirSync(join(root, 'packages'))
    .map((entry) => join('packages', entry))
    .filter((candidate) => {
      const file = join(root, candidate, 'package.json')
      return existsSync(file) && names.includes(JSON.parse(readFileSync(file, 'utf8')).name)
    })
}

/** Why the package in `folder` needs a build, or undefined when its dist/ is newer than every input. */
function staleBuildReason(folder) {
  const outputs = filesUnder(join(root, folder, 'dist'))
  if (outputs.length === 0) return `${folder} has not been built yet`
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const inputs = [folder, ...workspaceDependencyFolders(folder)].flatMap((input) =>
    ['src', 'package.json', 'rollup.config.mjs', 'tsconfig.json'].flatMap((name) =>
      filesUnder(join(root, input, name)),
    ),
  )
  const changed = inputs.find((file) => statSync(file).mtimeMs > builtAt)
  return changed && `${changed.slice(root.length)} changed since the last build`
}

/**
 * What an install holds: `workspace` (every package's dependencies, `pnpm install`) or `demo` (the
 * demo's dependencies and the workspace packages it uses, their runtime ones: `npm run demo`).
 */
function installScope(argument) {
  if (argument === undefined || argument === 'demo') return argument ?? 'workspace'
  console.error(`workspace-state: unknown install scope ${JSON.stringify(argument)} (expected none or demo)`)
  process.exit(2)
}

/** The stamp: the scope on its first line, the fingerprint of the install's inputs on the second. */
function readStamp() {
  if (!existsSync(installStamp)) return undefined
  const [scope, fingerprint] = readFileSync(installStamp, 'utf8').split('\n')
  return { scope, fingerprint }
}

const [command, ...args] = process.argv.slice(2)
if (command === 'install-is-current') {
  const wanted = installScope(args[0])
  if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
    console.log('no node_modules yet')
    process.exit(1)
  }
  const stamp = readStamp()
  if (stamp?.fingerprint !== installFingerprint()) {
    console.log('the lockfile or a package.json changed since the last install')
    process.exit(1)
  }
  if (wanted === 'workspace' && stamp.scope !== 'workspace') {
    console.log("only the demo's dependencies are installed")
    process.exit(1)
  }
} else if (command === 'record-install') {
  writeFileSync(installStamp, `${installScope(args[0])}\n${installFingerprint()}`)
} else if (command === 'build-is-current') {
  const reasons = args.map(staleBuildReason).filter(Boolean)
  if (reasons.length > 0) {
    console.log(reasons.join('; '))
    process.exit(1)
  }
} else {
  console.error(`workspace-state: unknown command ${JSON.stringify(command)}`)
  process.exit(2)
}
