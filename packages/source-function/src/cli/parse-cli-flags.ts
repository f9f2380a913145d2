import { parseArgs } from 'node:util'

/** A command-line flag: its name without `--`, and whether it takes a value. */
export interface CliFlag {
  readonly flag: string
  readonly type: 'string' | 'boolean'
}

/** What `parseCliFlags` read: each flag's value, and the words that are not flags. */
export interface ParsedCliFlags {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/**
 * Reads a command line (`node:util` parseArgs, strict), turning its errors into one sentence for
 * the user: an unknown flag named (`explainUnknown` may say more about one, e.g. why there is no
 * `--token`), a flag missing its value, or whatever else parseArgs says.
 *
 * @param usageError makes the command's own usage error from a sentence (its exit code is the command's)
 */
export function parseCliFlags(
  argv: readonly string[],
  flags: readonly CliFlag[],
  usageError: (message: string) => Error,
  explainUnknown: (flag: string) => string | undefined = () => undefined,
): ParsedCliFlags {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(flags.map((option) => [option.flag, { type: option.type }])),
    })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const flag = /'(--?[\w-]+)/.exec(error instanceof Error ? error.message : '')?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw usageError(
        (flag === undefined ? undefined : explainUnknown(flag)) ?? `Unknown flag ${flag ?? ''}.`.replace(' .', '.'),
      )
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw usageError(`The flag ${flag ?? ''} needs a value, or takes none.`)
    throw usageError(error instanceof Error ? error.message : String(error))
  }
}
