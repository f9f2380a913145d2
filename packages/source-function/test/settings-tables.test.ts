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
})
