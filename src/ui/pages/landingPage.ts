import { FAVICON_LINK } from "./pageHtml";
import type { ApolloServerPlugin } from "@apollo/server";

/**
 * What a browser sees at GET /graphql: the ways to explore this gateway. The local explorer (GraphiQL, served by the
 * gateway) works offline; Apollo Sandbox loads from Apollo's site and needs the internet. In production without
 * the explorer, a short note instead of Apollo's raw CSRF error.
 */
/** Points the Sandbox link at this endpoint. */
const SANDBOX_ENDPOINT = `<script>var s=document.getElementById("sandbox");s.href+="?endpoint="+encodeURIComponent(location.origin+location.pathname);</script>`;

export function landingPagePlugin(options: { explorer: boolean; console: boolean }): ApolloServerPlugin {
  const links = [
    options.explorer
      ? `<li><a href="/graphiql"><strong>Local explorer</strong></a> (GraphiQL, served by this gateway: works offline)</li>`
      : "",
    options.explorer
      ? `<li><a id="sandbox" href="https://studio.apollographql.com/sandbox/explorer"><strong>Apollo Sandbox</strong></a> (loads from Apollo's site: needs the internet)</li>`
      : "",
    options.console
      ? `<li><a href="/console"><strong>Supervisor console</strong></a>: search, push, live pushes, knowledge gaps</li>`
      : "",
  ].join("");
  const body = links
    ? `<ul>${links}</ul>`
    : "<p>The explorer and the console are off here (set EXPLORER_ENABLED=true or CONSOLE_ENABLED=true to turn them on).</p>";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent Assist GraphQL gateway</title>
${FAVICON_LINK}
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}a{color:#1458a8}li{margin:.5rem 0}code{background:#eef2f6;padding:0 .25rem}</style>
</head><body>
<h1>Agent Assist GraphQL gateway</h1>
<p>This is the GraphQL endpoint: send <code>POST</code> requests with <code>content-type: application/json</code>.</p>
${body}
${options.explorer ? SANDBOX_ENDPOINT : ""}
</body></html>`;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
