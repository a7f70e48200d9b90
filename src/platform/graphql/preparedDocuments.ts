import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { documentHash } from "./trustedDocuments";

/**
 * Apollo's document store (parsed and validated documents by the hash of their text) with the trusted documents
 * prepared before the first request: a trusted document, by id or by text, is never parsed or validated on the
 * request path. Other documents are cached as Apollo caches them (an LRU), so a repeated one is parsed once.
 */
export class PreparedDocuments implements KeyValueCache<DocumentNode> {
  private readonly cache = new InMemoryLRUCache<DocumentNode>();
  private readonly prepared = new Map<string, DocumentNode>();

  /** Parses and validates `texts` against `schema` with the gateway's rules; those that fail are left to Apollo. */
  prepare(
    schema: GraphQLSchema,
    texts: readonly string[],
    rules: readonly ValidationRule[],
    maxTokens: number,
  ): number {
    for (const text of texts) {
      try {
        const document = parse(text, { maxTokens });
        if (validate(schema, document, [...specifiedRules, ...rules]).length === 0)
          this.prepared.set(documentHash(text), document);
      } catch {
        // Apollo answers it as it answers any document that does not parse.
      }
    }
    return this.prepared.size;
  }

  /** Apollo's key is `<schema hash>:<document hash>`. */
  async get(key: string): Promise<DocumentNode | undefined> {
    return this.prepared.get(key.slice(key.lastIndexOf(":") + 1)) ?? this.cache.get(key);
  }

  set(key: string, value: DocumentNode, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.cache.set(key, value, options);
  }

  delete(key: string): Promise<boolean | void> {
    return this.cache.delete(key);
  }
}
