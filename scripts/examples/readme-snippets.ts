/**
 * The README snippets the examples app is made of: every fenced block preceded by a marker comment
 * `<!-- example: NAME -->` in the READMEs below. NAME ending in `.html` is a page of the app that
 * holds the same marker where the snippet goes; NAME under `next/` is a file of the app's Next.js
 * app (`next/app/...`); any other NAME is a file under the app's `src/readme/`. The snippets are
 * copied verbatim, so a README snippet that stops compiling or working fails the examples check.
 */
import { readFile } from 'node:fs/promises'

export const readmesWithExamples = ['README.md', 'packages/browser/README.md', 'packages/source-function/README.md']

export interface ReadmeSnippet {
  /** Where it goes in the app, e.g. `browser-v3/analytics.ts` or `script-tag.html`. */
  name: string
  /** The fence's language, e.g. `ts` or `html`. */
  language: string
  /** The snippet exactly as the README has it, ending with a newline. */
  code: string
  /** `packages/browser/README.md:42`: where the fence opens. */
  source: string
}

const markerPattern = /^<!-- example: (\S+) -->$/

/** Reads every marked snippet of the READMEs (paths relative to `root`). */
export async function readReadmeSnippets(root: URL): Promise<ReadmeSnippet[]> {
  const snippets: ReadmeSnippet[] = []
  for (const readme of readmesWithExamples) {
    const lines = (await readFile(new URL(readme, root), 'utf8')).split('\n')
    lines.forEach((line, index) => {
      const name = markerPattern.exec(line.trim())?.[1]
      if (name === undefined) return
      let open = index + 1
      while (open < lines.length && lines[open]?.trim() === '') open++
      const fence = /^```(\w+)$/.exec(lines[open] ?? '')
      if (!fence) throw new Error(`${readme}:${index + 1}: the marker for ${name} is not followed by a fenced block.`)
      const close = lines.findIndex((candidate, at) => at > open && candidate === '```')
      if (close < 0) throw new Error(`${readme}:${open + 1}: the fenced block of ${name} is not closed.`)
      snippets.push({
        name,
        language: fence[1] ?? '',
        code: `${lines.slice(open + 1, close).join('\n')}\n`,
        source: `${readme}:${open + 1}`,
      })
    })
  }
  const names = snippets.map((snippet) => snippet.name)
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated) throw new Error(`Two README snippets are both marked ${repeated}.`)
  return snippets
}

/** A marker as it stands in a README, or in a page of the app where an HTML snippet goes. */
export function exampleMarker(name: string): string {
  return `<!-- example: ${name} -->`
}

/** Where a snippet goes in the app: into a page at its marker, or a file (paths relative to the app). */
export function snippetDestination(name: string): { kind: 'page' | 'file'; path: string } {
  if (name.endsWith('.html')) return { kind: 'page', path: name }
  if (name.startsWith('next/')) return { kind: 'file', path: name }
  return { kind: 'file', path: `src/readme/${name}` }
}
