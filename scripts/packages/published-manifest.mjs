// The package.json a workspace package is published with: the workspace one with the `publishConfig`
// fields pnpm lifts lifted (so npm packs them too), `workspace:` ranges replaced by the versions they
// stand for (as pnpm does), the workspace-only source condition removed from `exports`, and only the
// fields users' tools read (no scripts, devDependencies or tool settings). Written at pack time by
// `pack-lifecycle.mjs`. Plain Node, no dependency.

/** The `exports` condition the workspace resolves to the TypeScript sources (tsconfig `customConditions`, vitest, tsx). */
export const sourceCondition = '@fingerprint-segment/source'

/** `publishConfig` fields that stay there: npm's publish settings. Every other one is lifted to the top level. */
const publishSettings = new Set(['access', 'registry', 'tag', 'provenance'])

/** The fields a published package.json keeps: what package managers, runtimes, bundlers, TypeScript and registries read. */
const publishedFields = [
  'name',
  'version',
  'description',
  'keywords',
  'homepage',
  'bugs',
  'repository',
  'funding',
  'license',
  'author',
  'contributors',
  'type',
  'sideEffects',
  'engines',
  'os',
  'cpu',
  'exports',
  'imports',
  'main',
  'module',
  'types',
  'typings',
  'typesVersions',
  'browser',
  'bin',
  'unpkg',
  'jsdelivr',
  'files',
  'dependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'optionalDependencies',
  'bundleDependencies',
  'publishConfig',
]

/** The dependency fields whose `workspace:` ranges become versions. */
const dependencyFields = ['dependencies', 'peerDependencies', 'optionalDependencies']

/** `exports` without the workspace source condition, at any depth. */
function withoutSourceCondition(exports) {
  if (typeof exports !== 'object' || exports === null) return exports
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== sourceCondition)
      .map(([key, value]) => [key, withoutSourceCondition(value)]),
  )
}

/** `workspace:*` -> `1.2.3`, `workspace:^` -> `^1.2.3`, `workspace:~` -> `~1.2.3`, `workspace:<range>` -> `<range>` (pnpm's rule). */
function publishedRange(name, range, versions) {
  if (!range.startsWith('workspace:')) return range
  const wanted = range.slice('workspace:'.length)
  const version = versions.get(name)
  if (wanted === '*' || wanted === '^' || wanted === '~') {
    if (version === undefined) throw new Error(`${name} is not a workspace package: ${range} cannot be published.`)
    return wanted === '*' ? version : `${wanted}${version}`
  }
  return wanted
}

/** Every file path the manifest points users' tools at. */
export function pointedFiles(manifest) {
  const paths = []
  const collect = (value) => {
    if (typeof value === 'string') paths.push(value)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect)
  }
  for (const field of ['exports', 'main', 'module', 'types', 'typings', 'bin', 'unpkg', 'jsdelivr'])
    collect(manifest[field])
  return paths
}

/** The manifest as published, from the workspace one. */
export function publishedManifest(workspace, versions) {
  const lifted = { ...workspace }
  const settings = {}
  for (const [key, value] of Object.entries(workspace.publishConfig ?? {})) {
    if (publishSettings.has(key)) settings[key] = value
    else lifted[key] = value
  }
  lifted.publishConfig = Object.keys(settings).length > 0 ? settings : undefined
  for (const field of dependencyFields) {
    if (lifted[field] === undefined) continue
    lifted[field] = Object.fromEntries(
      Object.entries(lifted[field]).map(([name, range]) => [name, publishedRange(name, range, versions)]),
    )
  }
  lifted.exports = withoutSourceCondition(lifted.exports)
  return Object.fromEntries(
    publishedFields.filter((field) => lifted[field] !== undefined).map((field) => [field, lifted[field]]),
  )
}
