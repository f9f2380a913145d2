/**
 * The README settings tables, rendered from the settings schemas (each setting is declared once:
 * the pipeline's in `packages/source-function/src/pipeline/pipeline-settings.ts`, the receiver's
 * in `packages/receiver/src/settings/`: `receiver-settings.ts`, `backfill-settings.ts` and
 * `dead-letter-settings.ts`). Secrets also name their file variants (`--<flag>-file`,
 * `<VARIABLE>_FILE`), from the receiver's own rule.
 * A test fails when a README differs; `npm run docs:settings` at the root rewrites them.
 *
 * In Markdown, a table sits between `<!-- settings-table:<name> -->` and `<!-- /settings-table -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { backfillSettingsSchema, receiverSettingsSchema } from '@fingerprint-segment/receiver'
import { pipelineSettingsSchema } from '@fingerprint-segment/source-function'
// Repository tooling, not a user: the receiver's dead-letter options and its secret-file rule are
// internal to it, so they are read from its source.
import { deadLetterSettingsSchema } from '../packages/receiver/src/settings/dead-letter-settings'
import { isSecretSetting, secretFileNames } from '../packages/receiver/src/settings/secret-settings'
import {
  describeDefault,
  settingsTabDeclarations,
  type SettingDeclaration,
} from '@fingerprint-segment/source-function/internal'

type Declarations = Readonly<Record<string, SettingDeclaration<unknown>>>

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n')
const code = (text: string): string => `\`${text}\``

/** The tables, by marker name. */
export const settingsTables: Readonly<Record<string, () => string>> = {
  /** The settings the Source Function and the receiver share. */
  pipeline: () =>
    table(
      [
        'setting (Name)',
        'Label to type in Segment',
        'type in Segment',
        'receiver flag / variable',
        'default',
        'meaning',
      ],
      Object.values(pipelineSettingsSchema as Declarations).map((declaration) => [
        code(declaration.segment?.name ?? declaration.flag),
        declaration.segment === undefined ? '' : declaration.segment.label,
        `${declaration.kind.typeText}${declaration.segment?.encrypted === true ? ', Encrypted' : ''}`,
        flagAndVariable(declaration),
        describeDefault(declaration),
        declaration.summary,
      ]),
    ),
  /**
   * The Source Function's Settings tab, declared by hand: the declarations `deploy` sends and the
   * `settings` command prints.
   */
  'settings-tab': () =>
    table(
      ['Label (type this)', 'Name (Segment makes it)', 'Type', 'Encrypted', 'when left empty'],
      settingsTabDeclarations.map((declaration) => [
        declaration.label,
        code(declaration.name),
        declaration.type,
        declaration.encrypted ? 'yes' : 'no',
        declaration.defaultText,
      ]),
    ),
  /** The receiver's own options. */
  receiver: () => optionsTable(receiverSettingsSchema),
  /** The options only `fingerprint-segment backfill` has. */
  backfill: () => optionsTable(backfillSettingsSchema),
  /** The filters of `fingerprint-segment dead-letters list|requeue|purge`. */
  'dead-letters': () => optionsTable(deadLetterSettingsSchema),
}

/** `--flag` / `VARIABLE`, and for a secret the pair that names its file. */
function flagAndVariable(declaration: SettingDeclaration<unknown>): string {
  const pair = `${code(`--${declaration.flag}`)} / ${code(declaration.env)}`
  if (!isSecretSetting(declaration)) return pair
  const file = secretFileNames(declaration)
  return `${pair}, or from a file: ${code(`--${file.flag}`)} / ${code(file.env)}`
}

function optionsTable(declarations: Declarations): string {
  return table(
    ['flag', 'variable', 'default', 'meaning'],
    Object.values(declarations).map((declaration) => {
      const file = isSecretSetting(declaration) ? secretFileNames(declaration) : undefined
      return [
        file === undefined
          ? code(`--${declaration.flag}`)
          : `${code(`--${declaration.flag}`)}, ${code(`--${file.flag}`)}`,
        file === undefined ? code(declaration.env) : `${code(declaration.env)}, ${code(file.env)}`,
        describeDefault(declaration),
        file === undefined
          ? declaration.summary
          : `${declaration.summary}; the \`-file\` / \`_FILE\` pair reads it from a file`,
      ]
    }),
  )
}

/** A marked table; the lines between the markers may be none (a table not rendered yet). */
const markedTable = /(<!-- settings-table:([\w-]+) -->\n)(?:[\s\S]*?\n)??(<!-- \/settings-table -->)/g

/** `markdown` with every marked table rendered again from the schemas. */
export function withSettingsTables(markdown: string): string {
  return markdown.replace(markedTable, (_match, open: string, name: string, close: string) => {
    const render = settingsTables[name]
    if (!render) throw new Error(`Unknown settings table "${name}" (known: ${Object.keys(settingsTables).join(', ')})`)
    return `${open}${render()}\n${close}`
  })
}

/** The READMEs that hold settings tables. */
export const readmesWithSettingsTables = [
  '../README.md',
  '../packages/source-function/README.md',
  '../packages/receiver/README.md',
].map((path) => fileURLToPath(new URL(path, import.meta.url)))

if (process.argv.includes('--write')) {
  for (const path of readmesWithSettingsTables) writeFileSync(path, withSettingsTables(readFileSync(path, 'utf8')))
}
