/**
 * Secrets from files: every secret setting (the pipeline's Encrypted ones, the receiver's write key
 * and store) is also read from the file named by `--<flag>-file` or `<VARIABLE>_FILE`, as Docker
 * secrets, Kubernetes secret volumes and systemd credentials hand them over; the file's content,
 * its final line break removed, is the value. A setting given both ways in one place is refused.
 */
import type { SettingDeclaration } from '@fingerprint-segment/source-function/internal'
import { receiverSecretSettings, receiverSettingsSchema } from './receiver-settings'

const receiverSecretDeclarations: ReadonlySet<SettingDeclaration<unknown>> = new Set(
  receiverSecretSettings.map((key) => receiverSettingsSchema[key] as SettingDeclaration<unknown>),
)

/** Whether a declaration is a secret. */
export function isSecretSetting(declaration: SettingDeclaration<unknown>): boolean {
  return declaration.segment?.encrypted === true || receiverSecretDeclarations.has(declaration)
}

/** The flag and variable that name a secret's file. */
export function secretFileNames(declaration: SettingDeclaration<unknown>): { flag: string; env: string } {
  return { flag: `${declaration.flag}-file`, env: `${declaration.env}_FILE` }
}

/** A secret file's content as the setting's value: its last line break (and trailing blanks) removed. */
export function secretFromFile(content: string): string {
  return content.replace(/[\r\n\t ]+$/, '')
}
