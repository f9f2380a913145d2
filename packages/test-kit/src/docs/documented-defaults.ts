import { readFileSync } from 'node:fs'

/**
 * The `@default` of each property of `interfaceName` in a TypeScript source file (its first word),
 * to check that the JSDoc editors show says what a settings schema declares.
 */
export function documentedDefaults(file: URL, interfaceName: string): Map<string, string | undefined> {
  const source = readFileSync(file, 'utf8')
  const body = new RegExp(`export interface ${interfaceName} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? ''
  const defaults = new Map<string, string | undefined>()
  for (const [, doc = '', key = ''] of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+):/g)) {
    defaults.set(key, /@default (\S+)/.exec(doc)?.[1])
  }
  return defaults
}

/** A default as a JSDoc `@default` writes it: JSON with single quotes. */
export function asDocumentedDefault(value: unknown): string {
  return JSON.stringify(value).replace(/"/g, "'")
}
