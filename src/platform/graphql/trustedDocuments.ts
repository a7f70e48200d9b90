import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ErrorCode } from "../errors/codes";

/** The built-in trusted documents, written by `npm run codegen` (relative to the project). */
export const TRUSTED_MANIFEST_FILE = "src/generated/trusted-documents.json";

/** TRUSTED_DOCUMENTS: off (any document), allow (ids accepted too), require (only trusted documents run). */
export type TrustedMode = "off" | "allow" | "require";

/** Why a request was refused before GraphQL ran. */
export interface DocumentRefusal {
  status: number;
  code: ErrorCode;
  message: string;
}

/** The SHA-256 of a document's text, hex: its id (as Apollo's persisted queries and GraphQL Codegen name it). */
export function documentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The documents this gateway trusts, by id: the built-in ones (the console's operations and the docs' examples,
 * src/generated/trusted-documents.json) and the operator's (TRUSTED_DOCUMENTS_PATH: `.graphql` files, one document
 * each, or JSON manifests mapping ids to documents, a file or a directory of them). A client sends
 * `{"documentId": "<id>"}` (or `"sha256:<id>"`, or Apollo's `extensions.persistedQuery.sha256Hash`) instead of the
 * text; with `require`, a text that is not one of them is refused.
 */
export class TrustedDocuments {
  private constructor(
    readonly mode: TrustedMode,
    private readonly byId: ReadonlyMap<string, string>,
  ) {}

  /** Trusts these texts. */
  static of(mode: TrustedMode, texts: readonly string[]): TrustedDocuments {
    const byId = new Map<string, string>();
    if (mode !== "off") for (const text of texts) add(byId, text);
    return new TrustedDocuments(mode, byId);
  }

  /** Reads the built-in manifest and the operator's path; throws with the file at fault. */
  static load(
    mode: TrustedMode,
    builtInManifest: string,
    operatorPath?: string,
    ownDocuments: readonly string[] = [],
  ): TrustedDocuments {
    if (mode === "off") return TrustedDocuments.of(mode, []);
    const texts = [...ownDocuments];
    for (const file of [builtInManifest, ...(operatorPath ? filesUnder(operatorPath) : [])]) {
      const text = readFileSync(file, "utf8");
      try {
        if (text.trim() === "") throw new Error("an empty document");
        texts.push(...(file.endsWith(".json") ? manifestDocuments(JSON.parse(text)) : [text]));
      } catch (error) {
        throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return TrustedDocuments.of(mode, texts);
  }

  /** How many documents are trusted. */
  get size(): number {
    return this.byId.size;
  }

  /** The trusted documents' texts (to prepare them before the first request). */
  texts(): string[] {
    return [...this.byId.values()];
  }

  /** Whether a document's text may run. */
  allows(text: string): boolean {
    return this.mode !== "require" || this.byId.has(documentHash(text));
  }

  /**
   * A request's GraphQL parameters (a POST body, or a GET's search parameters as an object) with a trusted id
   * replaced by its text; or why it is refused.
   */
  resolve(params: Record<string, unknown>): { params: Record<string, unknown> } | { refusal: DocumentRefusal } {
    if (this.mode === "off") return { params };
    const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
    const id = typeof params.documentId === "string" ? params.documentId.replace(/^sha256:/, "") : undefined;
    const hash = extensions?.persistedQuery?.sha256Hash;
    if (id !== undefined || (typeof hash === "string" && params.query === undefined)) {
      const key = (id ?? hash) as string;
      const text = this.byId.get(key);
      if (text !== undefined) {
        // The text instead of the id; Apollo's persisted-query extension is spent (it may be off).
        const { documentId: _id, extensions: _extensions, ...rest } = params;
        const { persistedQuery: _pq, ...otherExtensions } = (extensions ?? {}) as Record<string, unknown>;
        return {
          params: {
            ...rest,
            query: text,
            ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}),
          },
        };
      }
      if (id !== undefined || this.mode === "require")
        return {
          refusal: {
            status: 400,
            code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
            message: `No trusted document has the id ${key}: register it in TRUSTED_DOCUMENTS_PATH, or send its text.`,
          },
        };
      return { params }; // allow: Apollo's own persisted queries
    }
    if (typeof params.query === "string" && !this.allows(params.query))
      return {
        refusal: {
          status: 400,
          code: ErrorCode.DOCUMENT_NOT_TRUSTED,
          message:
            "This gateway runs only trusted documents (TRUSTED_DOCUMENTS=require), and this one is not: register it in TRUSTED_DOCUMENTS_PATH and send its documentId.",
        },
      };
    return { params };
  }
}

function add(byId: Map<string, string>, text: string): void {
  byId.set(documentHash(text), text);
}

/** The documents of a manifest: `{id: text}`, `{id: {document}}` (ours), or `{operations: {id: {body}}}`. */
export function manifestDocuments(manifest: unknown): string[] {
  if (typeof manifest !== "object" || manifest === null) throw new Error("a manifest is a JSON object");
  const entries = (manifest as { operations?: unknown }).operations ?? manifest;
  return Object.values(entries as Record<string, unknown>).map((entry) => {
    if (typeof entry === "string") return entry;
    const text =
      (entry as { document?: unknown; body?: unknown } | null)?.document ?? (entry as { body?: unknown })?.body;
    if (typeof text !== "string") throw new Error("every manifest entry is a document's text");
    return text;
  });
}

/** `.graphql` and `.json` files of a file or a directory (not recursive), sorted. */
function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .filter((f) => f.endsWith(".graphql") || f.endsWith(".json"))
    .sort()
    .map((f) => path.join(target, f));
}
