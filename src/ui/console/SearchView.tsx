import { useEffect, useState } from "preact/hooks";
import { explain, gql } from "./api";
import { Alert, PriorityLegend } from "./bits";
import { Cards } from "./Cards";
import type { RankMode, SuggestionsQuery } from "./generated/graphql";
import { SUGGESTIONS } from "./operations";
import { settings } from "./settings";

const ORDER_WORDS: Record<RankMode, string> = {
  PRIORITY: "by priority",
  LEARNED: "learned from feedback",
  RELEVANCE: "by relevance",
};

/** What an agent would get for a search, and how each article was found. `seed` runs a search on arrival. */
export function SearchView(props: { seed: { text: string } | null }) {
  const [query, setQuery] = useState(props.seed?.text ?? "voip gateway password");
  const [rank, setRank] = useState<RankMode>("PRIORITY");
  const [result, setResult] = useState<{
    query: string;
    rank: RankMode;
    found: SuggestionsQuery["suggestions"];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async (text: string) => {
    setError(null);
    setBusy(true);
    try {
      setResult({ query: text, rank, found: (await gql(settings, SUGGESTIONS, { query: text, rank })).suggestions });
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (props.seed) {
      setQuery(props.seed.text);
      void search(props.seed.text);
    }
  }, [props.seed]);
  return (
    <section>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search(query);
        }}
      >
        <label for="q">What the agent searches for</label>
        <input id="q" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <label for="rank">Order</label>
        <select id="rank" value={rank} onChange={(e) => setRank((e.target as HTMLSelectElement).value as RankMode)}>
          {Object.entries(ORDER_WORDS).map(([value, words]) => (
            <option value={value}>{words}</option>
          ))}
        </select>
        <button type="submit" class="primary" disabled={busy}>
          Search
        </button>
      </form>
      <Alert message={error} />
      {result && (
        <>
          <h2 class="result-head" aria-live="polite">
            {result.found.length === 0
              ? `No published article answers “${result.query}”`
              : `${result.found.length} article${result.found.length === 1 ? "" : "s"} for “${result.query}”`}
            <span class="muted"> · {ORDER_WORDS[result.rank]}</span>
          </h2>
          {result.found.length > 0 && (
            <>
              <Cards
                cards={result.found.map((s) => ({
                  title: s.article.title,
                  url: s.article.url,
                  priority: s.article.priority,
                  summary: s.article.summary,
                  updatedAt: s.article.updatedAt,
                  stale: s.article.stale,
                  reason: s.reason,
                  matchedBy: s.matchedBy,
                  feedback: s.article.feedback,
                }))}
              />
              <PriorityLegend />
            </>
          )}
        </>
      )}
    </section>
  );
}
