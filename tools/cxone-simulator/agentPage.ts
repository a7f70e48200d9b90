import type { DeliveryRecord } from "./CxoneSimulator";
import { pushIdOf } from "./cardFeedback";

/** What the page shows besides the deliveries. */
export interface AgentPageOptions {
  /** Helpful / not helpful buttons on each card (the simulator knows a gateway to send answers to). */
  feedback: boolean;
  /** The agent answering (the page's `?agent=`). */
  agentId: string;
  /** The outcome of the last answer, shown once. */
  note: string | null;
}

const escape = (text: unknown): string =>
  String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** The simulator's root page: per interaction, the cards it received, as an agent would see them. */
export function renderAgentPage(deliveries: DeliveryRecord[], options: AgentPageOptions = { feedback: false, agentId: "agent-1", note: null }): string {
  const byInteraction = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) byInteraction.set(d.interactionId, [...(byInteraction.get(d.interactionId) ?? []), d]);
  const sections = [...byInteraction.entries()]
    .reverse()
    .map(([interactionId, records]) => {
      const latest = records[records.length - 1] as DeliveryRecord;
      const pushId = options.feedback ? pushIdOf(latest.idempotencyKey) : null;
      const cards = latest.cards
        .map(
          (card) => `<article class="card">
  <header><span class="priority">P${escape(card.metadata?.priority)}</span> <a href="${escape(card.url)}" target="_blank" rel="noreferrer">${escape(card.title)}</a></header>
  <p>${escape(card.description)}</p>
  ${card.metadata?.reason ? `<p class="reason">${escape(card.metadata.reason)}</p>` : ""}
  <footer>${escape(card.metadata?.source)}${card.metadata?.lastUpdated ? ` · updated ${escape(card.metadata.lastUpdated)}` : ""}</footer>
  ${pushId ? feedbackForm(pushId, card.url, card.title, options.agentId) : ""}
</article>`,
        )
        .join("\n");
      return `<section><h2>Interaction ${escape(interactionId)} <small>${records.length} push(es), latest ${escape(latest.receivedAt)} via ${escape(latest.route)}</small></h2>
${cards || "<p><em>No cards.</em></p>"}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>CXone simulator: Agent Assist</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;background:#f4f6f8;color:#1d2733}
h1{font-size:1.4rem} h2{font-size:1.05rem;margin-top:2rem} small{color:#5b6b7b;font-weight:normal}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:.8rem 1rem;margin:.6rem 0;max-width:46rem}
.card header{font-weight:600} .card p{margin:.4rem 0} .card footer{font-size:.8rem;color:#5b6b7b}
.priority{display:inline-block;background:#0b6bcb;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8rem}
.reason{font-size:.85rem;color:#3b4b5b;font-style:italic}
.feedback{display:flex;gap:.5rem;margin-top:.5rem} .feedback button{border:1px solid #9aa8b6;background:#fff;border-radius:4px;padding:.2rem .6rem;cursor:pointer;font:inherit;font-size:.85rem}
.feedback button:hover,.feedback button:focus{background:#e8eef5}
.note{background:#fff8d6;border:1px solid #e0c96a;border-radius:6px;padding:.5rem .8rem;max-width:46rem}
</style></head>
<body><h1>CXone simulator · Agent Assist workspace</h1>
${options.note ? `<p class="note" role="status">${escape(options.note)}</p>` : ""}
<p>${deliveries.length} delivery(ies) received. This page refreshes every 3 seconds.</p>
${sections || "<p>No interaction has received cards yet. Run the pushToAgentAssist mutation.</p>"}
</body></html>`;
}

/** A card action: the agent's helpful / not helpful answer, posted to the simulator, which forwards it to the gateway. */
function feedbackForm(pushId: string, url: string, title: string, agentId: string): string {
  const hidden = `<input type="hidden" name="pushId" value="${escape(pushId)}"><input type="hidden" name="url" value="${escape(url)}"><input type="hidden" name="agentId" value="${escape(agentId)}">`;
  return `<form class="feedback" method="post" action="/_agent/feedback">${hidden}
    <button type="submit" name="helpful" value="true" aria-label="Helpful: ${escape(title)}">👍 Helpful</button>
    <button type="submit" name="helpful" value="false" aria-label="Not helpful: ${escape(title)}">👎 Not helpful</button>
  </form>`;
}
