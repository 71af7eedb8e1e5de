// Actor page: names and aliases, sector, country, relations with their evidence, a monthly
// timeline of the actor's events and the latest of them.
import { api, dateText, esc, href, num, statusBadge, typeColor } from "./core.js";

function miniTimeline(rows) {
  if (!rows.length) return "<p class='muted'>no dated events</p>";
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const totals = {};
  rows.forEach((r) => { totals[r.bucket] = (totals[r.bucket] || 0) + r.n; });
  const max = Math.max(...Object.values(totals));
  const W = 600, H = 70, bw = W / buckets.length, stack = {};
  const rects = rows.map((r) => {
    const i = buckets.indexOf(r.bucket), y0 = stack[r.bucket] || 0;
    stack[r.bucket] = y0 + r.n;
    const h = (r.n / max) * (H - 12);
    return `<rect x="${i * bw}" y="${H - 12 - (y0 / max) * (H - 12) - h}" width="${Math.max(1, bw - 1)}" height="${h}" fill="${typeColor(r.type)}"><title>${esc(r.bucket)}: ${num(r.n)} ${esc(r.type)}</title></rect>`;
  }).join("");
  return `<svg viewBox="0 0 ${W} ${H}" style="width:100%;max-width:600px;height:70px">${rects}
    <text x="0" y="${H - 1}" class="axis" font-size="9">${esc(buckets[0])}</text>
    <text x="${W}" y="${H - 1}" text-anchor="end" font-size="9">${esc(buckets[buckets.length - 1])}</text></svg>`;
}

export async function renderActor(main, id) {
  const a = await api(`/api/actors/${encodeURIComponent(id)}`);
  const rels = a.relations.map((r) => `<li><strong>${esc(r.type)}</strong>
      ${r.source === a.id ? "→" : "←"} <a href="${href("actor", r.other.id, new URLSearchParams())}">${esc(r.other.name)}</a>
      <span class="muted">${esc(r.certainty || "")}</span><br><q>${esc(r.evidence_text || "")}</q>
      <span class="muted">— ${esc(r.doc_title || r.doc_id)}</span></li>`).join("");
  main.innerHTML = `<div id="actor-page">
    <h2 style="margin-top:0">${esc(a.name)} <small class="muted">${esc(a.id)}</small></h2>
    <dl class="facts"><dt>kind</dt><dd>${esc(a.kind || "—")}</dd><dt>sector</dt><dd>${esc(a.sector || "—")}</dd>
      <dt>country</dt><dd>${esc(a.country || "—")}</dd>
      <dt>aliases</dt><dd>${a.aliases.map(esc).join(" · ") || "—"}</dd>
      ${a.wikidata ? `<dt>Wikidata</dt><dd>${esc(a.wikidata)}</dd>` : ""}
      ${a.known ? "" : `<dt>note</dt><dd class="reason">not in the actor dictionary (${esc(a.reason || "found in text")})</dd>`}</dl>
    <p><a href="#/table?actor=${encodeURIComponent(a.id)}">all events</a> · <a href="#/map?actor=${encodeURIComponent(a.id)}">on the map</a>
      · <a href="#/network?actor=${encodeURIComponent(a.id)}">network</a></p>
    <h3>Timeline</h3>${miniTimeline(a.timeline)}
    <h3>Relations</h3>${rels ? `<ul>${rels}</ul>` : "<p class='muted'>none stated</p>"}
    <h3>Latest events</h3><ul>${a.events.map((e) => `<li>${dateText(e.date_start, e.date_end)} <strong>${esc(e.type)}</strong>
      ${esc(e.place_name || "")} ${statusBadge(e.status)} <a href="${href("event", e.id, new URLSearchParams())}">${esc((e.evidence || "").slice(0, 140))}</a></li>`).join("")}</ul>
  </div>`;
}
