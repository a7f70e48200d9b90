import { parseArgs, type ParseArgsConfig } from "node:util";

/** A command line the tool cannot use: printed with the tool's usage line, exit code 2. */
export class UsageError extends Error {}

/** Reads a tool's command line with `util.parseArgs` (strict: unknown options and missing values are usage errors). */
export function readArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  options: O,
  allowPositionals = false,
  args = process.argv.slice(2),
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
