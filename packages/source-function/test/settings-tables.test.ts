import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readmesWithSettingsTables, settingsTables, withSettingsTables } from '../scripts/settings-tables'

describe('the README settings tables', () => {
  it.each(readmesWithSettingsTables)('%s: every table is the one the settings schemas render', (path) => {
    const markdown = readFileSync(path, 'utf8')
    expect(markdown).toMatch(/<!-- settings-table:pipeline -->/)
    // Run `npm run docs:settings` at the repository root after changing a setting.
    expect(markdown).toBe(withSettingsTables(markdown))
  })

  it('the package README has every table', () => {
    const markdown = readFileSync(readmesWithSettingsTables[1] ?? '', 'utf8')
    for (const name of Object.keys(settingsTables)) expect(markdown).toContain(`<!-- settings-table:${name} -->`)
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
