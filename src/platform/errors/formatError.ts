import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./codes";
import { classifyError } from "./classifyError";

/**
 * Builds Apollo's `formatError`: shapes every error as classifyError decides (coded errors pass, Neo4j errors
 * translated, the rest masked). Never throws. Logging happens once per error in errorLoggingPlugin, which knows
 * the request id.
 */
export function createFormatError(exposeStack: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      const verdict = classifyError(error);
      const base = { message: verdict.message, locations: formatted.locations, path: formatted.path };
      const stack = exposeStack && error instanceof Error ? { stacktrace: error.stack?.split("\n") } : {};
      return { ...base, extensions: { code: verdict.code, ...verdict.facts, ...stack } };
    } catch {
      return { message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  };
}
