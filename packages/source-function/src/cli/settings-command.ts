import { segmentSettingNameOf, settingsTabDeclarations, type SettingsTabDeclaration } from '../deploy/function-settings'

/** Strips the Markdown code marks of the schema's texts, for a terminal. */
const plainText = (text: string): string => text.replace(/`/g, '')

const columns: readonly { title: string; cell: (declaration: SettingsTabDeclaration) => string }[] = [
  { title: 'Label (type this)', cell: (declaration) => declaration.label },
  { title: 'Name (Segment makes it)', cell: (declaration) => declaration.name },
  { title: 'Type', cell: (declaration) => declaration.type },
  { title: 'Encrypted', cell: (declaration) => (declaration.encrypted ? 'yes' : 'no') },
  { title: 'Default when left empty', cell: (declaration) => plainText(declaration.defaultText) },
]

/**
 * What `settings` prints: every setting to declare by hand in the function's Settings tab, the
 * same declarations `deploy` sends and the README's table shows.
 */
export function settingsCommandText(): string {
  const widths = columns.map((column) =>
    Math.max(column.title.length, ...settingsTabDeclarations.map((declaration) => column.cell(declaration).length)),
  )
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd()
  return [
    "Declare these settings in the function's Settings tab (Add Setting), one per row. Type the Label exactly:",
    'Segment makes the Name from it, and the function reads only these Names (it refuses a setting of any other Name).',
    'Leave Required off. Tick Encrypted where it says yes. The Description is yours to write.',
    '',
    line(columns.map((column) => column.title)),
    ...settingsTabDeclarations.map((declaration) => line(columns.map((column) => column.cell(declaration)))),
    '',
    `Then fill in the values in each source of the function. Without ${segmentSettingNameOf('fingerprintServerApiKey')} or ${segmentSettingNameOf('webhookTokens')}, the`,
    `function refuses every webhook that would emit calls (${segmentSettingNameOf('acceptUnauthenticatedWebhooks')} turns that off).`,
    '',
  ].join('\n')
}
