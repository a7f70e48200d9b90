import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type { App } from "../../src/app/startApp";
import { documentHash } from "../../src/platform/graphql/trustedDocuments";
import { projectPath } from "../../src/platform/paths";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";

/**
 * TRUSTED_DOCUMENTS=require: only the console's operations, the docs' examples and the operator's documents run,
 * by text or by id; anything else is refused before it is parsed, over HTTP (POST and GET) and WebSocket alike.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "aag-trusted-e2e-"));
const OPERATOR = "query OperatorsOwn($q: String!) { suggestArticles(query: $q, limit: 1) { url } }";
let gateway: App;

/** The console's documents as the gateway's built-in manifest holds them. */
const builtIn = JSON.parse(readFileSync(projectPath("src/generated/trusted-documents.json"), "utf8")) as Record<
  string,
  { source: string; document: string }
>;
const consoleDocument = (name: string) =>
  Object.values(builtIn).find((d) => d.source === `console ${name}`)?.document as string;

type Answer = {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
};

/** A POST with this JSON body. */
async function post(body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

beforeAll(async () => {
  mkdirSync(path.join(dir, "ops"));
  writeFileSync(path.join(dir, "ops", "operators-own.graphql"), OPERATOR);
  gateway = await startTestGateway({
    env: { TRUSTED_DOCUMENTS: "require", TRUSTED_DOCUMENTS_PATH: path.join(dir, "ops") },
  });
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("trusted documents required", () => {
  it("serves an operator's document by its id, with variables", async () => {
    const { status, body } = await post({ documentId: `sha256:${documentHash(OPERATOR)}`, variables: { q: "x" } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ suggestArticles: expect.any(Array) });
  });

  it("serves the console's documents by their text, as the console sends them", async () => {
    const { status, body } = await postGraphql(gateway.url, consoleDocument("SUGGESTIONS"), {
      query: "voip",
      rank: "PRIORITY",
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it("refuses any other document before parsing it: DOCUMENT_NOT_TRUSTED, 400, saying how to register one", async () => {
    const { status, body } = await postGraphql(gateway.url, "{ articles(limit: 1) { url } }");
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("DOCUMENT_NOT_TRUSTED");
    expect(body.errors?.[0]?.message).toContain("TRUSTED_DOCUMENTS_PATH");
    const get = await fetch(`${gateway.url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      "DOCUMENT_NOT_TRUSTED",
    );
  });

  it("refuses an unknown id (PERSISTED_QUERY_NOT_FOUND) and a persisted-query registration (DOCUMENT_NOT_TRUSTED)", async () => {
    const unknown = await post({ documentId: "f".repeat(64) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const text = "{ articles(limit: 2) { url } }";
    const registration = await post({
      query: text,
      extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(text) } },
    });
    expect(registration.status).toBe(400);
    expect(registration.body.errors?.[0]?.extensions?.code).toBe("DOCUMENT_NOT_TRUSTED");
  });

  it("over WebSocket, an untrusted subscription is refused and the console's runs", async () => {
    const client = createClient({
      url: gateway.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const first = (query: string, variables: Record<string, unknown>) =>
      new Promise<unknown>((resolve) =>
        client.subscribe(
          { query, variables },
          { next: (result) => resolve(result.errors), error: resolve, complete: () => resolve("complete") },
        ),
      );
    try {
      expect(await first("subscription { pushEvents { id } }", {})).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "DOCUMENT_NOT_TRUSTED" }) }),
      ]);
      // The console's document passes the check and reaches the feed, which refuses this filter as it would any.
      expect(await first(consoleDocument("WATCH_INTERACTION"), { i: "bad id!" })).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});
