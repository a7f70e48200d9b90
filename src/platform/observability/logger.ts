import { traceFields } from "./tracing";
import pino, { type Logger, type DestinationStream } from "pino";

/** Keys whose values never reach a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
  "accessKeySecret",
  "*.accessKeySecret",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "id_token",
  "*.id_token",
  "refresh_token",
  "*.refresh_token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.headers.authorization",
];

/**
 * The process's structured JSON logger; `destination` lets tests capture every line. `pretty` (development on a
 * terminal) writes the same lines for people instead: one short line each, colour, local time (pino-pretty, a
 * development dependency; without it, JSON as always).
 */
export function createLogger(level: string, destination?: DestinationStream, pretty = false): Logger {
  return pino(
    {
      level,
      base: { service: "agent-assist-gateway" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A line written inside a span carries its trace and span ids, so logs and traces meet.
      mixin: traceFields,
    },
    destination ?? (pretty ? prettyStream() : undefined),
  );
}

/**
 * Whether logs are written for people: LOG_FORMAT=pretty, or `auto` in development (not production or test) with
 * stdout on a terminal. Production and pipes get JSON lines.
 */
export function wantsPrettyLogs(
  config: { nodeEnv: string; logFormat: "auto" | "json" | "pretty" },
  stdoutIsTty = process.stdout.isTTY === true,
): boolean {
  if (config.logFormat !== "auto") return config.logFormat === "pretty";
  return config.nodeEnv === "development" && stdoutIsTty;
}

function prettyStream(): DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require("pino-pretty") as typeof import("pino-pretty");
    return pretty({
      sync: true,
      colorize: true,
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname,service",
      singleLine: true,
    });
  } catch {
    return undefined; // not installed (a production image): JSON
  }
}
