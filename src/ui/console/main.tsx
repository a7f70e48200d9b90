import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { explain, gql, rolesOf, subscribeTo, subscriptions, tokenStore, type ConsoleSettings } from "./api";
import type { GapsQuery, HistoryQuery, PushFieldsFragment, RankMode, SuggestionsQuery } from "./generated/graphql";
import { INTERACTION_HISTORY, KNOWLEDGE_GAPS, LIVE, PUSH, SUGGESTIONS, WATCH_INTERACTION } from "./operations";
import { clock, priorityClass, relativeAge, STATUS_WORDS } from "./format";

const settings = JSON.parse(document.getElementById("console-settings")?.textContent ?? "{}") as ConsoleSettings;
const TABS = [
  { id: "search", label: "Search", role: "kb:read" },
  { id: "push", label: "Push", role: "assist:push" },
  { id: "live", label: "Live", role: "assist:read" },
  { id: "gaps", label: "Knowledge gaps", role: "kb:read" },
] as const;
type TabId = (typeof TABS)[number]["id"];

type Suggestion = SuggestionsQuery["suggestions"][number];
type PushRecord = PushFieldsFragment;

function App() {
  const [token, setToken] = useState(tokenStore.get());
  const [tab, setTab] = useState<TabId>("search");
  const [history, setHistory] = useState<string | null>(null);
  const who = useMemo(() => rolesOf(token), [token]);
  const needsToken = settings.authMode === "jwt" && !token;
  const allowed = (role: string) => settings.authMode === "none" || (who?.roles.includes(role) ?? false);
  return (
    <div class="shell">
      <header class="top">
        <h1>Agent Assist · supervisor console</h1>
        {settings.authMode === "jwt" ? (
          <TokenBox
            token={token}
            onChange={(t) => {
              if (t) tokenStore.set(t);
              else tokenStore.clear();
              setToken(t);
            }}
          />
        ) : (
          <p class="muted">No sign-in needed on this gateway (AUTH_MODE=none).</p>
        )}
      </header>
      {needsToken ? (
        <main class="panel">
          <h2>Sign in</h2>
          <p>
            This gateway checks tokens. Paste a bearer token above (ask an operator, or run <code>npm run token</code>).
          </p>
        </main>
      ) : (
        <>
          <nav class="tabs" role="tablist" aria-label="Console views">
            {TABS.map((t) => (
              <button
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`view-${t.id}`}
                class={tab === t.id ? "tab on" : "tab"}
                onClick={() => setTab(t.id)}
              >
                {t.label}
                {allowed(t.role) ? "" : " (no access)"}
              </button>
            ))}
          </nav>
          <main>
            <div class="panel" role="tabpanel" id={`view-${tab}`} aria-labelledby={`tab-${tab}`}>
              {TABS.filter((t) => t.id === tab).map((t) =>
                allowed(t.role) ? null : (
                  <p class="notice" role="status">
                    Your token does not carry the role <code>{t.role}</code>, so the gateway will refuse this view.
                  </p>
                ),
              )}
              {tab === "search" && <SearchView />}
              {tab === "push" && <PushView />}
              {tab === "live" && <LiveView token={token} onOpen={setHistory} />}
              {tab === "gaps" && <GapsView />}
            </div>
          </main>
          {history && <HistoryPanel interactionId={history} onClose={() => setHistory(null)} />}
        </>
      )}
    </div>
  );
}

function TokenBox(props: { token: string | null; onChange: (token: string | null) => void }) {
  const [draft, setDraft] = useState("");
  const who = rolesOf(props.token);
  if (props.token) {
    return (
      <div class="token">
        <span>
          Signed in as <strong>{who?.subject ?? "?"}</strong> · roles:{" "}
          {who?.roles.length ? who.roles.join(", ") : "none"}
          {who?.expiresAt ? ` · until ${new Date(who.expiresAt).toLocaleTimeString()}` : ""}
        </span>
        <button onClick={() => props.onChange(null)}>Sign out</button>
      </div>
    );
  }
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) props.onChange(draft.trim().replace(/^Bearer\s+/i, ""));
        setDraft("");
      }}
    >
      <label for="token">Bearer token</label>
      <input
        id="token"
        type="password"
        autocomplete="off"
        value={draft}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Use token</button>
    </form>
  );
}

function Cards(props: { suggestions: Suggestion[] }) {
  return (
    <ol class="cards">
      {props.suggestions.map((s) => {
        const age = relativeAge(s.article.updatedAt);
        const f = s.article.feedback;
        return (
          <li class="card">
            <div class="card-head">
              <span class={`badge ${priorityClass(s.article.priority)}`} title="priority">
                P{s.article.priority}
              </span>
              <a href={s.article.url} target="_blank" rel="noreferrer">
                {s.article.title}
              </a>
            </div>
            {s.article.summary && <p>{s.article.summary}</p>}
            <p class="meta">
              <span>{age ?? "no update date"}</span>
              {s.article.stale && <span class="stale">stale</span>}
              <span>{s.reason}</span>
              <span>
                shown {f.shown}× · {f.helpful} helpful, {f.notHelpful} not
                {f.helpfulRate === null ? "" : ` (${Math.round(f.helpfulRate * 100)}% helpful)`}
              </span>
            </p>
          </li>
        );
      })}
    </ol>
  );
}

function SearchView() {
  const [query, setQuery] = useState("voip gateway password");
  const [rank, setRank] = useState<RankMode>("PRIORITY");
  const [result, setResult] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async () => {
    setError(null);
    try {
      setResult((await gql(settings, SUGGESTIONS, { query, rank })).suggestions);
    } catch (e) {
      setError(explain(e));
    }
  };
  return (
    <section>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label for="q">What the agent searches for</label>
        <input id="q" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <label for="rank">Order</label>
        <select id="rank" value={rank} onChange={(e) => setRank((e.target as HTMLSelectElement).value as RankMode)}>
          <option value="PRIORITY">by priority</option>
          <option value="LEARNED">learned from feedback</option>
          <option value="RELEVANCE">by relevance</option>
        </select>
        <button type="submit">Search</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {result &&
        (result.length === 0 ? <p>No published article answers this search.</p> : <Cards suggestions={result} />)}
    </section>
  );
}

function PushView() {
  const [interactionId, setInteraction] = useState("INT-42");
  const [agentId, setAgent] = useState("agent-7");
  const [query, setQuery] = useState("voip gateway password");
  const [outcome, setOutcome] = useState<{
    status: string;
    pushId: string | null;
    detail?: string;
    cards: { title: string; url: string }[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);
  useEffect(() => () => unsubscribe.current?.(), []);
  const send = async (dryRun: boolean) => {
    setError(null);
    unsubscribe.current?.();
    try {
      const data = await gql(settings, PUSH, { input: { interactionId, agentId, query, dryRun } });
      const push = data.pushToAgentAssist;
      const detail =
        push.status === "QUEUED"
          ? `${push.lastError?.message ?? ""} Next try at ${clock(push.nextAttemptAt)}.`
          : undefined;
      setOutcome({ status: push.status, pushId: push.pushId, cards: push.cards, ...(detail ? { detail } : {}) });
      if (push.status === "QUEUED" && push.pushId) {
        // Watch it arrive (or expire) through the live feed.
        const client = subscriptions(settings);
        const stop = subscribeTo(
          client,
          WATCH_INTERACTION,
          { i: interactionId },
          {
            next: (event) => {
              if (event?.pushEvents.id === push.pushId)
                setOutcome((o) =>
                  o ? { ...o, status: event.pushEvents.status, detail: event.pushEvents.lastError?.message } : o,
                );
            },
            error: () => undefined,
          },
        );
        unsubscribe.current = () => {
          stop();
          void client.dispose();
        };
      }
    } catch (e) {
      setOutcome(null);
      setError(explain(e));
    }
  };
  return (
    <section>
      <form class="grid" onSubmit={(e) => e.preventDefault()}>
        <label for="interaction">Interaction</label>
        <input
          id="interaction"
          value={interactionId}
          onInput={(e) => setInteraction((e.target as HTMLInputElement).value)}
        />
        <label for="agent">Agent</label>
        <input id="agent" value={agentId} onInput={(e) => setAgent((e.target as HTMLInputElement).value)} />
        <label for="push-query">Search</label>
        <input id="push-query" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <div class="buttons">
          <button type="button" onClick={() => void send(true)}>
            Preview
          </button>
          <button type="button" class="primary" onClick={() => void send(false)}>
            Push to agent
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {outcome && (
        <div class={`outcome s-${outcome.status}`} role="status" aria-live="polite">
          <strong data-status={outcome.status}>{STATUS_WORDS[outcome.status] ?? outcome.status}</strong>
          {outcome.detail && <span> {outcome.detail}</span>}
          <ul>
            {outcome.cards.map((c) => (
              <li>{c.title}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The close code the gateway ends a live-feed connection with when its token expires. */
const TOKEN_EXPIRED = 4401;

/**
 * The live feed. A new token (pasted above) opens a new connection; when the gateway closes the connection because
 * the token expired, the feed says so and waits for a new token.
 */
function LiveView(props: { token: string | null; onOpen: (interactionId: string) => void }) {
  const [events, setEvents] = useState<PushRecord[]>([]);
  const [filter, setFilter] = useState({ agent: "", interaction: "", status: "" });
  const [state, setState] = useState("connecting…");
  useEffect(() => {
    setState("connecting…");
    const client = subscriptions(settings);
    client.on("connected", () => setState("live"));
    client.on("closed", () => setState("reconnecting…"));
    const stop = subscribeTo(
      client,
      LIVE,
      {},
      {
        next: (data) => {
          const push = data?.pushEvents;
          if (push) setEvents((list) => [push, ...list.filter((p) => p.id !== push.id)].slice(0, 200));
        },
        error: (e) =>
          setState(
            e instanceof CloseEvent && e.code === TOKEN_EXPIRED
              ? "paused: your token expired. Paste a new one above to resume."
              : `refused: ${e instanceof CloseEvent ? e.reason || e.code : "error"}`,
          ),
      },
    );
    return () => {
      stop();
      void client.dispose();
    };
  }, [props.token]);
  const shown = events.filter(
    (p) =>
      (!filter.agent || p.agentId.includes(filter.agent)) &&
      (!filter.interaction || p.interactionId.includes(filter.interaction)) &&
      (!filter.status || p.status === filter.status),
  );
  const set = (key: keyof typeof filter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  return (
    <section>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label for="f-agent">Agent</label>
        <input id="f-agent" value={filter.agent} onInput={set("agent")} />
        <label for="f-interaction">Interaction</label>
        <input id="f-interaction" value={filter.interaction} onInput={set("interaction")} />
        <label for="f-status">Status</label>
        <select id="f-status" value={filter.status} onChange={set("status")}>
          <option value="">any</option>
          {Object.keys(STATUS_WORDS)
            .filter((s) => s !== "DRY_RUN")
            .map((s) => (
              <option value={s}>{s}</option>
            ))}
        </select>
        <span class="muted" aria-live="polite">
          Feed: {state}
        </span>
      </form>
      {shown.length === 0 ? (
        <p class="muted">No pushes yet. They appear here as they happen, across every gateway process.</p>
      ) : (
        <table class="live">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Interaction</th>
              <th scope="col">Agent</th>
              <th scope="col">Search</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr>
                <td>{clock(p.createdAt)}</td>
                <td>
                  <button class="link" onClick={() => props.onOpen(p.interactionId)}>
                    {p.interactionId}
                  </button>
                </td>
                <td>{p.agentId}</td>
                <td>{p.query}</td>
                <td>
                  <span class={`status s-${p.status}`} title={STATUS_WORDS[p.status]}>
                    {p.status}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function HistoryPanel(props: { interactionId: string; onClose: () => void }) {
  const [data, setData] = useState<HistoryQuery["interaction"]>(null);
  const [error, setError] = useState<string | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    gql(settings, INTERACTION_HISTORY, { id: props.interactionId })
      .then((d) => setData(d.interaction))
      .catch((e: unknown) => setError(explain(e)));
  }, [props.interactionId]);
  return (
    <div class="history" role="dialog" aria-modal="false" aria-label={`History of ${props.interactionId}`}>
      <div class="history-head">
        <h2>Interaction {props.interactionId}</h2>
        <button ref={close} onClick={props.onClose}>
          Close
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <h3>Shown to the agent</h3>
          <ul>
            {data.shownArticles.map((a) => (
              <li>
                {a.title} <span class="muted">at {clock(a.shownAt)}</span>
              </li>
            ))}
          </ul>
          <h3>Pushes, newest first</h3>
          <ul>
            {data.pushes.map((p) => (
              <li>
                <span class={`status s-${p.status}`}>{p.status}</span> “{p.query}” by {p.agentId} at{" "}
                {clock(p.createdAt)}
                {p.lastError ? ` (${p.lastError.message})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function GapsView() {
  const [gaps, setGaps] = useState<GapsQuery["knowledgeGaps"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    gql(settings, KNOWLEDGE_GAPS, { since })
      .then((d) => setGaps(d.knowledgeGaps))
      .catch((e: unknown) => setError(explain(e)));
  }, []);
  return (
    <section>
      <p class="muted">Searches of the last 7 days the knowledge base answers badly, most searched first.</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {gaps && gaps.length === 0 && <p>No knowledge gaps in the last 7 days.</p>}
      {gaps && gaps.length > 0 && (
        <table class="live">
          <thead>
            <tr>
              <th scope="col">Searches</th>
              <th scope="col">Kind</th>
              <th scope="col">Search text</th>
              <th scope="col">Full-text used</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr>
                <td>{g.searches}</td>
                <td>{g.kind}</td>
                <td>{g.text}</td>
                <td>{g.terms.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const root = document.getElementById("console") as HTMLElement;
root.textContent = ""; // the "Loading" line
render(<App />, root);
