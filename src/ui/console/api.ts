import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "./generated/graphql";

/** The page's settings, written into the HTML by the gateway. */
export interface ConsoleSettings {
  authMode: "jwt" | "none";
  graphqlPath: string;
}

const TOKEN_KEY = "aag-console-token";

/** The bearer token, kept for this browser tab only (sessionStorage), never in a URL. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A GraphQL error as the gateway codes it. */
export interface ApiError {
  code: string;
  message: string;
  field?: string;
  requiredRole?: string;
}

export class ApiFailure extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/** One GraphQL operation (a typed document of operations.ts) over HTTP, with the token when there is one. */
export async function gql<T, V>(
  settings: ConsoleSettings,
  document: TypedDocumentString<T, V>,
  variables: V,
): Promise<T> {
  const query = document.toString();
  const token = tokenStore.get();
  let response: Response;
  try {
    response = await fetch(settings.graphqlPath, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiFailure([{ code: "NETWORK", message: "The gateway did not answer." }]);
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  if (body.errors?.length) {
    throw new ApiFailure(
      body.errors.map((e) => ({
        code: String(e.extensions?.code ?? "ERROR"),
        message: e.message,
        ...(typeof e.extensions?.field === "string" ? { field: e.extensions.field } : {}),
        ...(typeof e.extensions?.requiredRole === "string" ? { requiredRole: e.extensions.requiredRole } : {}),
      })),
    );
  }
  return body.data as T;
}

/** A graphql-ws client on the same path (token in connection_init). */
export function subscriptions(settings: ConsoleSettings): Client {
  const url = new URL(settings.graphqlPath, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return createClient({
    url: url.toString(),
    lazy: true,
    retryAttempts: Infinity,
    connectionParams: () => {
      const token = tokenStore.get();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
}

/** The roles a token carries (read from its payload; the gateway verifies it, the page only shows what it allows). */
export function rolesOf(token: string | null): { subject: string; roles: string[]; expiresAt: number | null } | null {
  if (!token) return null;
  try {
    const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as Record<
      string,
      unknown
    >;
    const raw = payload.roles;
    const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(" ") : [];
    return {
      subject: String(payload.sub ?? "?"),
      roles,
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}

/** What an error code means to a supervisor. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiFailure)) return "Something went wrong in the console.";
  const first = error.errors[0];
  switch (first?.code) {
    case "UNAUTHENTICATED":
      return "Your token is missing, invalid or expired. Paste a new one above.";
    case "FORBIDDEN":
      return `Your token does not allow this (it needs the role ${first.requiredRole ?? "for it"}).`;
    case "BAD_USER_INPUT":
      return `Please check ${first.field ?? "the input"}: ${first.message}`;
    case "INTERACTION_NOT_FOUND":
      return "CXone does not know this interaction: the call has ended or the id is wrong.";
    case "CXONE_NOT_CONFIGURED":
      return "This gateway has no CXone connection; use Preview instead.";
    case "CXONE_AUTH_FAILED":
    case "CXONE_FORBIDDEN":
      return "CXone refused the gateway's credentials. Tell the gateway's operators.";
    case "OVERLOADED":
      return "The gateway is busy right now. Try again in a moment.";
    case "KNOWLEDGE_GRAPH_UNAVAILABLE":
      return "The knowledge base is not answering. Try again in a moment.";
    case "NETWORK":
      return "The gateway did not answer. Check your connection.";
    default:
      return first?.message ?? "Something went wrong.";
  }
}

/** Subscribes to a typed subscription document; returns the function that ends it. */
export function subscribeTo<T, V>(
  client: Client,
  document: TypedDocumentString<T, V>,
  variables: V,
  sink: { next: (data: T | null | undefined) => void; error: (error: unknown) => void },
): () => void {
  return client.subscribe<T>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    { next: ({ data }) => sink.next(data), error: sink.error, complete: () => undefined },
  );
}
