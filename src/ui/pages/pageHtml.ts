/** Escapes text for HTML (attributes and content). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** The pages' icon (a card on a blue tile), inline: no request for /favicon.ico. */
const FAVICON_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='%231458a8'/><rect x='7' y='8' width='18' height='16' rx='3' fill='%23fff'/><rect x='10' y='12' width='12' height='2.5' rx='1' fill='%231458a8'/><rect x='10' y='17' width='8' height='2.5' rx='1' fill='%23b23624'/></svg>";

/** The `<link rel="icon">` every page of ours (and the simulator's) carries. */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${FAVICON_SVG.replace(/"/g, "%22")}">`;

/** The console's page: its settings as JSON data (never executed), the bundle and the stylesheet. */
export function consoleHtml(authMode: "jwt" | "none"): string {
  const settings = JSON.stringify({ authMode, graphqlPath: "/graphql" }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent Assist · supervisor console</title>
${FAVICON_LINK}
<link rel="stylesheet" href="/console/app.css">
</head><body>
<div id="console"><p>Loading the console…</p></div>
<script id="console-settings" type="application/json">${settings}</script>
<script type="module" src="/console/app.js"></script>
</body></html>`;
}

/** GraphiQL's page: React, GraphiQL and our start script, all from the gateway. */
export function explorerHtml(authMode: "jwt" | "none"): string {
  const tokenBox =
    authMode === "jwt"
      ? `<form id="token-form"><label for="token">Bearer token</label> <input id="token" type="password" autocomplete="off" size="40"> <button type="submit">Use token</button> <span id="token-state"></span></form>`
      : `<span>No token needed on this gateway (AUTH_MODE=none).</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent Assist · GraphQL explorer</title>
${FAVICON_LINK}
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#bar{display:flex;gap:1rem;align-items:center;padding:.4rem .8rem;background:#1d2733;color:#fff;font-size:.9rem}#bar a{color:#9fd0ff}#graphiql{height:calc(100% - 2.6rem)}</style>
</head><body>
<div id="bar"><strong>GraphQL explorer</strong> ${tokenBox} <a href="/console">Supervisor console</a></div>
<div id="graphiql">Loading the explorer…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/start.js"></script>
</body></html>`;
}

/** Starts GraphiQL with a fetcher that sends the tab's token (shared with the console, kept in sessionStorage). */
export const EXPLORER_START = `(function () {
  var KEY = "aag-console-token";
  var form = document.getElementById("token-form");
  function show() {
    var state = document.getElementById("token-state");
    if (state) state.textContent = sessionStorage.getItem(KEY) ? "token set" : "no token";
  }
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = document.getElementById("token").value.trim().replace(/^Bearer\\s+/i, "");
      if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
      document.getElementById("token").value = "";
      show();
    });
    show();
  }
  function fetcher(params) {
    var token = sessionStorage.getItem(KEY);
    var headers = { "content-type": "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    return fetch("/graphql", { method: "POST", headers: headers, body: JSON.stringify(params) }).then(function (r) { return r.json(); });
  }
  var query = "# Suggestions for a search, with why each article was chosen\\nquery Suggest {\\n  suggestions(query: \\"voip gateway password\\", limit: 3) {\\n    rank\\n    reason\\n    article { title url priority }\\n  }\\n}\\n";
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: query }));
})();
`;
