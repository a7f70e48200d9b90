import { render } from "preact";
import { useMemo, useState } from "preact/hooks";
import { rolesOf, tokenStore } from "./api";
import { GapsView } from "./GapsView";
import { HistoryDrawer } from "./HistoryDrawer";
import { LiveView } from "./LiveView";
import { PushView } from "./PushView";
import { SearchView } from "./SearchView";
import { settings } from "./settings";
import { TokenBox } from "./TokenBox";

const TABS = [
  { id: "search", label: "Search", role: "kb:read" },
  { id: "push", label: "Push", role: "assist:push" },
  { id: "live", label: "Live", role: "assist:read" },
  { id: "gaps", label: "Knowledge gaps", role: "kb:read" },
] as const;
type TabId = (typeof TABS)[number]["id"];

function App() {
  const [token, setToken] = useState(tokenStore.get());
  const [tab, setTab] = useState<TabId>("search");
  const [history, setHistory] = useState<{ interactionId: string; from: HTMLElement | null } | null>(null);
  const open = (interactionId: string, from: HTMLElement | null) => setHistory({ interactionId, from });
  const [searchSeed, setSearchSeed] = useState<{ text: string } | null>(null);
  const who = useMemo(() => rolesOf(token), [token]);
  const needsToken = settings.authMode === "jwt" && !token;
  const allowed = (role: string) => settings.authMode === "none" || (who?.roles.includes(role) ?? false);
  // The drawer belongs to the view it was opened from: switching views closes it.
  const show = (id: TabId) => {
    setHistory(null);
    setTab(id);
  };
  return (
    <div class="shell">
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <h1>
            Agent Assist <span class="muted">supervisor console</span>
          </h1>
        </div>
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
          <p class="muted small">No sign-in on this gateway (AUTH_MODE=none).</p>
        )}
      </header>
      {needsToken ? (
        <main class="panel">
          <h2>Sign in</h2>
          <p>
            This gateway checks tokens. Paste a bearer token above (ask an operator, or run{" "}
            <code>npm run -s token</code>).
          </p>
        </main>
      ) : (
        <>
          <nav class="tabs" role="tablist" aria-label="Console views">
            {TABS.map((t) => (
              <button
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`view-${t.id}`}
                class={tab === t.id ? "tab on" : "tab"}
                onClick={() => show(t.id)}
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
              {tab === "search" && <SearchView seed={searchSeed} />}
              {tab === "push" && <PushView onOpen={open} />}
              {tab === "live" && <LiveView token={token} onOpen={open} />}
              {tab === "gaps" && (
                <GapsView
                  onSearch={(text) => {
                    setSearchSeed({ text }); // a new object: the same text searched twice runs twice
                    show("search");
                  }}
                />
              )}
            </div>
          </main>
          {history && (
            <HistoryDrawer
              interactionId={history.interactionId}
              onClose={() => {
                setHistory(null);
                // Focus goes back to what opened the drawer.
                history.from?.focus();
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

const root = document.getElementById("console") as HTMLElement;
root.textContent = ""; // the "Loading" line
render(<App />, root);
