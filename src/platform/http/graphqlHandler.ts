import { ErrorCode } from "../errors/codes";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from "@apollo/server";
import { BodyTooLargeError, readBody } from "./readBody";
import { sendJson } from "./sendJson";
import { context } from "@opentelemetry/api";
import { incomingContext, SpanKind, tracer } from "../observability/tracing";
import type { DocumentRefusal, TrustedDocuments } from "../graphql/trustedDocuments";

/**
 * Serves Apollo Server on a bare node:http server. We integrate directly rather than through Express:
 * the gateway needs only body parsing with a size limit and a few fixed routes, and the benchmark floor
 * is a bare node:http server, so every layer here is one the gateway must pay for.
 */
export function createGraphqlHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: {
    maxBodyBytes: number;
    /** Trusted documents: ids resolved to their text; with `require`, other documents refused. */
    trusted?: TrustedDocuments;
    context: (req: IncomingMessage) => Promise<TContext>;
    /** Requests in flight beyond which new ones are refused at the door (OVERLOADED), before any parsing. */
    maxInFlight: number;
    onShed?: () => void;
  },
) {
  let inFlight = 0;
  return async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    if (inFlight >= options.maxInFlight) {
      options.onShed?.();
      return shed(req, res);
    }
    inFlight += 1;
    try {
      // One span per request, continuing the caller's trace when it sent a W3C traceparent.
      await context.with(incomingContext(req.headers), () =>
        tracer.startActiveSpan(
          "graphql",
          { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET" } },
          async (span) => {
            try {
              await serve(req, res, search);
            } finally {
              span.setAttribute("http.response.status_code", res.statusCode);
              span.end();
            }
          },
        ),
      );
    } finally {
      inFlight -= 1;
    }
  };

  async function serve(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    let body: unknown;
    try {
      body = await parseBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }] });
      } else {
        sendJson(res, 400, {
          errors: [{ message: "request body is not valid JSON", extensions: { code: ErrorCode.BAD_REQUEST } }],
        });
      }
      return;
    }
    if (lacksQuery(body) && !hasDocumentId(body)) {
      sendJson(res, 400, {
        errors: [
          {
            message:
              'The request body needs a "query": send {"query": "{ __typename }"}, with "variables" when the operation has any.',
            extensions: { code: ErrorCode.BAD_REQUEST },
          },
        ],
      });
      return;
    }
    const resolved = resolveTrusted(options.trusted, body, search);
    if ("refusal" in resolved) {
      const { status, code, message } = resolved.refusal;
      sendJson(res, status, { errors: [{ message, extensions: { code } }] });
      return;
    }
    ({ body, search } = resolved);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? "GET", headers, search, body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => options.context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

const SHED_BODY = JSON.stringify({
  errors: [
    {
      message: "The gateway is at capacity; try again in 1 s.",
      extensions: { code: ErrorCode.OVERLOADED, retryAfterSeconds: 1 },
    },
  ],
});

/**
 * Answers OVERLOADED without parsing anything: when every admission slot and queue place is taken, a new request
 * could only wait to be refused, and parsing and validating it would take CPU from the requests being served.
 */
function shed(req: IncomingMessage, res: ServerResponse): void {
  req.resume(); // discard the body so the connection can be reused
  res.writeHead(503, {
    "content-type": "application/json; charset=utf-8",
    "retry-after": "1",
    "content-length": Buffer.byteLength(SHED_BODY),
  });
  res.end(SHED_BODY);
}

/**
 * A request's document through the trusted documents: a POST's JSON body, or a GET's search parameters (whose
 * `extensions` is JSON text). Anything else (a body Apollo will refuse) passes unchanged.
 */
function resolveTrusted(
  trusted: TrustedDocuments | undefined,
  body: unknown,
  search: string,
): { body: unknown; search: string } | { refusal: DocumentRefusal } {
  if (!trusted || trusted.mode === "off") return { body, search };
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const resolved = trusted.resolve(body as Record<string, unknown>);
    return "refusal" in resolved ? resolved : { body: resolved.params, search };
  }
  if (body !== undefined) return { body, search };
  const query = new URLSearchParams(search);
  const params: Record<string, unknown> = Object.fromEntries(query);
  try {
    if (typeof params.extensions === "string") params.extensions = JSON.parse(params.extensions);
  } catch {
    return { body, search }; // Apollo answers a malformed GET itself
  }
  const resolved = trusted.resolve(params);
  if ("refusal" in resolved) return resolved;
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(resolved.params))
    next.set(name, typeof value === "string" ? value : JSON.stringify(value));
  return { body, search: next.toString() };
}

/** A JSON object body with neither a query nor extensions (a persisted query's hash): Apollo's own message is vague. */
function lacksQuery(body: unknown): boolean {
  return (
    typeof body === "object" && body !== null && !Array.isArray(body) && !("query" in body) && !("extensions" in body)
  );
}

function hasDocumentId(body: unknown): boolean {
  return typeof body === "object" && body !== null && "documentId" in body;
}

async function parseBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const text = await readBody(req, limit);
  const type = req.headers["content-type"] ?? "";
  // Apollo decides what to do with other content types (it answers them with a 4xx itself).
  if (!/^application\/(graphql-response\+)?json/i.test(type)) return text;
  return text === "" ? undefined : JSON.parse(text);
}
