/**
 * Every fenced snippet in the repository's READMEs is valid for the language its fence names:
 * TypeScript and JavaScript parse, JSON (and each line of JSON Lines) parses, shell passes `bash -n`,
 * HTML is checked for balanced elements. Fences without a language are plain text. The snippets that
 * must also type-check against the packed packages are the `<!-- example: -->` ones (examples/).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url))
const readmes = [
  'README.md',
  'CONTRIBUTING.md',
  'demo/README.md',
  'packages/browser/README.md',
  'packages/source-function/README.md',
  'packages/receiver/README.md',
  'packages/test-kit/README.md',
]

interface Snippet {
  readonly file: string
  readonly line: number
  readonly language: string
  readonly code: string
}

function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(repositoryRoot + file, 'utf8').split('\n')
  const snippets: Snippet[] = []
  for (let index = 0; index < lines.length; index++) {
    const opening = /^```(\S*)\s*$/.exec(lines[index] ?? '')
    if (!opening) continue
    const start = index
    const body: string[] = []
    for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index] ?? '')
    snippets.push({ file, line: start + 1, language: opening[1] ?? '', code: body.join('\n') })
  }
  return snippets
}

/** The first problem with the snippet, or undefined when it is valid. */
function problemOf({ language, code }: Snippet): string | undefined {
  switch (language) {
    case '':
      return undefined
    case 'ts':
    case 'js': {
      const { diagnostics = [] } = ts.transpileModule(code, {
        reportDiagnostics: true,
        fileName: `snippet.${language}`,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      })
      const first = diagnostics[0]
      return first && ts.flattenDiagnosticMessageText(first.messageText, '\n')
    }
    case 'json':
      return jsonProblem(code)
    case 'jsonl':
      return code
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(jsonProblem)
        .find((problem) => problem !== undefined)
    case 'sh': {
      const check = spawnSync('bash', ['-n'], { input: code, encoding: 'utf8' })
      return check.status === 0 ? undefined : check.stderr.trim()
    }
    case 'html':
      return htmlProblem(code)
    default:
      return `a fence language this test does not know: ${language}`
  }
}

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return String(error)
  }
}

const voidElements = new Set(['meta', 'link', 'br', 'img', 'input', 'hr'])

function htmlProblem(html: string): string | undefined {
  const open: string[] = []
  for (const [, closing, name] of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
    const element = (name ?? '').toLowerCase()
    if (voidElements.has(element)) continue
    if (!closing) open.push(element)
    else if (open.pop() !== element) return `</${element}> closes nothing open`
  }
  return open.length > 0 ? `<${open.join('>, <')}> never closed` : undefined
}

describe('README snippets', () => {
  const snippets = readmes.flatMap(snippetsOf)

  it('finds the snippets (a README moved or renamed would empty this test)', () => {
    expect(snippets.length).toBeGreaterThan(20)
  })

  it.each(snippets.map((snippet) => [`${snippet.file}:${snippet.line} (${snippet.language || 'text'})`, snippet]))(
    '%s is valid for its fence',
    (_label, snippet) => {
      expect(problemOf(snippet)).toBeUndefined()
    },
  )

  it('catches an invalid snippet of each language', () => {
    const broken = (language: string, code: string) => problemOf({ file: '', line: 0, language, code })
    expect(broken('ts', 'const x = {')).toBeDefined()
    expect(broken('json', "{ 'a': 1 }")).toBeDefined()
    expect(broken('jsonl', '{"a":1}\n{"b":')).toBeDefined()
    expect(broken('sh', 'if true; then')).toBeDefined()
    expect(broken('html', '<div><span></div>')).toBeDefined()
    expect(broken('yaml', 'a: 1')).toMatch(/does not know/)
  })
})
