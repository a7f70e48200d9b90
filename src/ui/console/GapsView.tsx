import { useEffect, useState } from "preact/hooks";
import { gapsAsCsv } from "../../features/knowledge/gapCsv";
import { explain, gql } from "./api";
import { Alert, Badge, Time } from "./bits";
import { GAP_KIND } from "./format";
import type { GapsQuery } from "./generated/graphql";
import { KNOWLEDGE_GAPS } from "./operations";
import { settings } from "./settings";

type Gap = GapsQuery["knowledgeGaps"][number];

const RANGES = [
  { days: 1, words: "last 24 hours" },
  { days: 7, words: "last 7 days" },
  { days: 30, words: "last 30 days" },
  { days: 90, words: "last 90 days" },
];

/** Searches the knowledge base answers badly, most searched first; each can be searched again or exported. */
export function GapsView(props: { onSearch: (text: string) => void }) {
  const [days, setDays] = useState(7);
  const [gaps, setGaps] = useState<Gap[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setGaps(null);
    setError(null);
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    gql(settings, KNOWLEDGE_GAPS, { since })
      .then((d) => setGaps(d.knowledgeGaps))
      .catch((e: unknown) => setError(explain(e)));
  }, [days]);
  const range = RANGES.find((r) => r.days === days)?.words ?? `last ${days} days`;
  const csvHref = gaps ? `data:text/csv;charset=utf-8,${encodeURIComponent(gapsAsCsv(gaps))}` : undefined;
  return (
    <section>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label for="gaps-range">Searches of the</label>
        <select
          id="gaps-range"
          value={String(days)}
          onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}
        >
          {RANGES.map((r) => (
            <option value={String(r.days)}>{r.words}</option>
          ))}
        </select>
        <span class="muted">that the knowledge base answers badly, most searched first.</span>
        {csvHref && gaps && gaps.length > 0 && (
          <a class="button" href={csvHref} download={`knowledge-gaps-${days}d.csv`}>
            Download CSV
          </a>
        )}
      </form>
      <Alert message={error} />
      {!gaps && !error && <p class="muted">Loading…</p>}
      {gaps && gaps.length === 0 && <p>No knowledge gaps in the {range}.</p>}
      {gaps && gaps.length > 0 && (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Searches</th>
              <th scope="col">Kind</th>
              <th scope="col">Search text</th>
              <th scope="col">Near matches used</th>
              <th scope="col">Last searched</th>
              <th scope="col">
                <span class="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr>
                <td data-label="Searches" class="num">
                  {g.searches}
                </td>
                <td data-label="Kind">
                  <Badge table={GAP_KIND} value={g.kind} />
                </td>
                <td data-label="Search text" class="wrap">
                  {g.text}
                </td>
                <td data-label="Near matches used" class="wrap">
                  {g.terms.length ? g.terms.join(", ") : <span class="muted">none</span>}
                </td>
                <td data-label="Last searched">
                  <Time iso={g.lastSearchedAt} />
                </td>
                <td data-label="">
                  <button
                    type="button"
                    class="link"
                    onClick={() => props.onSearch(g.text)}
                    aria-label={`Search this: ${g.text}`}
                  >
                    Search this
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
