// The browser package README's compatibility table says what the examples check checks: each peer's
// range as package.json declares it, checked at its floor and its latest, and the TypeScript versions
// of the matrix. Edit package.json or example-matrix.ts, then the table.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { typescriptFloor, typescriptVersions } from './example-matrix'
import { floorVersion } from './version-floor'

const readme = readFileSync(new URL('../../packages/browser/README.md', import.meta.url), 'utf8')
const { peerDependencies } = JSON.parse(
  readFileSync(new URL('../../packages/browser/package.json', import.meta.url), 'utf8'),
) as { peerDependencies: Record<string, string> }

/** The table's rows, each a list of its cells' text. */
function tableRows(): string[][] {
  const table = /<!-- compatibility-table -->\n([\s\S]*?)<!-- \/compatibility-table -->/.exec(readme)?.[1]
  if (table === undefined) throw new Error('packages/browser/README.md has no <!-- compatibility-table --> block.')
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
}

const rowFor = (requirement: string) => tableRows().find(([first]) => first?.startsWith(requirement))

describe('the browser README compatibility table', () => {
  it.each(Object.entries(peerDependencies))('%s: the range of package.json, checked at its floor and latest', (name, range) => {
    const floor = floorVersion(range)
    expect(rowFor(`\`${name}\``)?.slice(1, 3)).toEqual([`\`${range}\``, `${floor} and the latest ${floor.split('.')[0] ?? ''}.x`])
  })

  it('lists no other peer', () => {
    const peers = tableRows()
      .map(([first]) => /^`([^`]+)`/.exec(first ?? '')?.[1])
      .filter((name) => name !== undefined)
    expect(peers.sort()).toEqual(Object.keys(peerDependencies).sort())
  })

  it('TypeScript: the floor and the versions of the examples matrix', () => {
    expect(rowFor('TypeScript')?.slice(1, 3)).toEqual([
      `${typescriptFloor?.name ?? ''} or later`,
      typescriptVersions.map((version) => version.name).join(', '),
    ])
  })
})
