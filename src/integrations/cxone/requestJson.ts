import type { Logger } from "pino";
import type { z } from "zod";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import { errorFromException, errorFromResponse, type CxoneRoute } from "./cxoneErrors";
import type { CxoneHttp, CxoneRequest } from "./cxoneHttp";

/** Sends a CXone request and parses a 2xx JSON answer with `schema`; anything else becomes a coded error. */
export async function requestJson<T>(
  http: CxoneHttp,
  route: CxoneRoute,
  request: Omit<CxoneRequest, "route">,
  schema: z.ZodType<T>,
  logger: Logger,
): Promise<T> {
  let response;
  try {
    response = await http.send({ ...request, route });
  } catch (error) {
    throw errorFromException(route, error, logger);
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw errorFromResponse(route, response.statusCode, response.headers, response.body, logger);
  }
  let json: unknown;
  try {
    json = response.body === "" ? {} : JSON.parse(response.body);
  } catch {
    logger.warn(
      { route, status: response.statusCode, upstreamBody: response.body.slice(0, 1_000) },
      "CXone answered with non-JSON",
    );
    throw new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone answered with something other than JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    logger.warn(
      { route, problems: parsed.error.issues.map((i) => i.path.join(".")) },
      "CXone answer has an unexpected shape",
    );
    throw new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone answered in an unexpected shape.");
  }
  return parsed.data;
}

/** A deadline as both a signal (cancels I/O and backoff) and an instant (tells the retry policy what is left). */
export function deadline(ms: number): Pick<CxoneRequest, "signal" | "deadlineAt"> {
  return { signal: AbortSignal.timeout(ms), deadlineAt: Date.now() + ms };
}
