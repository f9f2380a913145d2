// The main entry (`.`) must run anywhere a user calls `toSegmentCalls`: it may import no Node
// built-in and no server client: not the receiver's store drivers (better-sqlite3, pg), nor
// @segment/analytics-node (@fingerprint-segment/receiver loads the drivers). Follows the built
// entry's relative imports through the shared chunks and lists every bare import it reaches.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const forbidden = (specifier) =>
  specifier.startsWith('node:') ||
  specifier === '@segment/analytics-node' ||
  specifier === 'better-sqlite3' ||
  specifier === 'pg' ||
  /^(crypto|http|https|fs|net|events|util|stream)$/.test(specifier)
const importPattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g

let failed = false
for (const entry of ['dist/index.mjs', 'dist/index.cjs']) {
  const seen = new Set()
  const bare = new Set()
  const pending = [resolve(entry)]
  while (pending.length > 0) {
    const file = pending.pop()
    if (seen.has(file)) continue
    seen.add(file)
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(importPattern)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier))
      else bare.add(specifier)
    }
  }
  const bad = [...bare].filter(forbidden)
  console.log(
    `--- ${entry}: ${seen.size} file(s), imports ${bare.size === 0 ? 'nothing outside the package' : [...bare].join(', ')}`,
  )
  if (bad.length > 0) {
    console.error(
      `check:package: ${entry} reaches ${bad.join(', ')}; the main entry must not load Node built-ins or server clients`,
    )
    failed = true
  }
}
process.exit(failed ? 1 : 0)
