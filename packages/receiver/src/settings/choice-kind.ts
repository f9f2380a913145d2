/**
 * One of a few words as a setting's kind. The source-function package has the same kind
 * (`choiceKind`) but does not export it from `./internal`; this is the receiver's own, kept small.
 */
import type { SettingDeclaration } from '@fingerprint-segment/source-function/internal'

type SettingKind<Value> = SettingDeclaration<Value>['kind']

export function choiceKind<Choice extends string>(choices: readonly Choice[]): SettingKind<Choice> {
  const isChoice = (word: unknown): word is Choice =>
    typeof word === 'string' && (choices as readonly string[]).includes(word)
  return {
    segmentType: 'STRING',
    typeText: `string: ${choices.map((choice) => `\`${choice}\``).join(' \\| ')}`,
    read(raw, name, report) {
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
      if (isChoice(word)) return word
      throw report.fail(
        `${name} must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${report.describe?.(raw) ?? JSON.stringify(raw)}`,
      )
    },
    show: (choice) => `\`${choice}\``,
  }
}
