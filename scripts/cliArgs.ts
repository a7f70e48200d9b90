import { parseArgs, type ParseArgsConfig } from "node:util";

/** A command line the tool cannot use: printed with the tool's usage line, exit code 2. */
export class UsageError extends Error {}

/**
 * Reads a tool's command line with `util.parseArgs` (strict: unknown options and missing values are usage errors).
 * `--help` or `-h` anywhere prints `help` on stdout and exits 0, whatever else is on the line.
 */
export function readArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  options: O,
  help: string,
  allowPositionals = false,
  args = process.argv.slice(2),
) {
  if (args.some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`${help}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
