// Each publishable package's `prepack` and `postpack` scripts: npm and pnpm both run them, for `pack`
// and `publish`, and both pack the package.json that prepack left. So the published manifest
// (`published-manifest.mjs`) is the same whichever client packs or publishes.
//
//   node ../../scripts/packages/pack-lifecycle.mjs prepack    saves package.json, writes the published one
//   node ../../scripts/packages/pack-lifecycle.mjs postpack   puts the saved package.json back
//
// Prepack refuses when a file the published manifest points at is missing (build the package first).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { publishablePackages } from './publishable-packages.mjs'
import { pointedFiles, publishedManifest } from './published-manifest.mjs'

/** Where prepack keeps the workspace package.json: node_modules is never packed. */
const backupDir = join('node_modules', '.publish-manifest')
const backup = join(backupDir, 'package.json')

function restore() {
  if (!existsSync(backup)) return
  writeFileSync('package.json', readFileSync(backup))
  rmSync(backupDir, { recursive: true, force: true })
}

const command = process.argv[2]
if (command === 'prepack') {
  // A pack that died between the two scripts left the published manifest: start from the saved one.
  restore()
  const original = readFileSync('package.json')
  const workspace = JSON.parse(original.toString('utf8'))
  const versions = new Map(publishablePackages().map(({ manifest }) => [manifest.name, manifest.version]))
  const published = publishedManifest(workspace, versions)
  const missing = pointedFiles(published).filter((path) => !existsSync(path))
  if (missing.length > 0) {
    console.error(
      `${workspace.name}: ${missing.join(', ')} missing: build the package before packing it (pnpm run build).`,
    )
    process.exit(1)
  }
  mkdirSync(backupDir, { recursive: true })
  writeFileSync(backup, original)
  writeFileSync('package.json', `${JSON.stringify(published, null, 2)}\n`)
} else if (command === 'postpack') {
  restore()
} else {
  console.error(`pack-lifecycle: unknown command ${JSON.stringify(command)} (prepack or postpack)`)
  process.exit(2)
}
