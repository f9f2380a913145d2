import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readmesWithSettingsTables, settingsTables, withSettingsTables } from './settings-tables'

describe('the README settings tables', () => {
  it.each(readmesWithSettingsTables)('%s: every table is the one the settings schemas render', (path) => {
    const markdown = readFileSync(path, 'utf8')
    // Run `npm run docs:settings` at the repository root after changing a setting.
    expect(markdown).toBe(withSettingsTables(markdown))
  })

  it("the packages' READMEs have their tables", () => {
    const tables = (path: string | undefined) =>
      [...readFileSync(path ?? '', 'utf8').matchAll(/<!-- settings-table:([\w-]+) -->/g)].map((match) => match[1])
    expect(tables(readmesWithSettingsTables[1])).toContain('pipeline')
    expect(tables(readmesWithSettingsTables[2])).toEqual(expect.arrayContaining(['pipeline', 'receiver', 'backfill']))
    expect(Object.keys(settingsTables)).toEqual(expect.arrayContaining(['pipeline', 'receiver', 'backfill']))
  })

  it('renders a table between markers with nothing between them, leaving what follows alone', () => {
    const markdown =
      '<!-- settings-table:settings-tab -->\n<!-- /settings-table -->\n\n## Next\n<!-- settings-table:receiver -->\nold\n<!-- /settings-table -->\n'
    const rendered = withSettingsTables(markdown)
    expect(rendered).toContain(
      `<!-- settings-table:settings-tab -->\n${settingsTables['settings-tab']?.() ?? ''}\n<!-- /settings-table -->\n\n## Next\n`,
    )
    expect(rendered).toContain(
      `<!-- settings-table:receiver -->\n${settingsTables.receiver?.() ?? ''}\n<!-- /settings-table -->`,
    )
  })
})
