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

/** The process's structured JSON logger; `destination` lets tests capture every line. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "agent-assist-gateway" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A line written inside a span carries its trace and span ids, so logs and traces meet.
      mixin: traceFields,
    },
    destination,
  );
}
