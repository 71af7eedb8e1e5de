// Event page: the article text with this event's evidence, trigger, actors, recipients,
// place and date highlighted (other events' evidence shaded), the coded fields with the
// reasons behind them, the source, the review history and the review actions.
import { api, certaintyBadge, dateText, esc, href, num, PRECISION, statusBadge, urlLink } from "./core.js";
import { reviewForm } from "./review.js";

const PRIORITY = ["other", "evidence", "date", "place", "recipient", "actor", "trigger"];

/** Text with spans wrapped in <mark class=...>; the innermost (highest priority) class wins per char. */
export function highlight(text, spans) {
  const rank = new Int8Array(text.length).fill(-1);
  for (const s of spans) {
    const r = PRIORITY.indexOf(s.cls);
    for (let i = Math.max(0, s.start); i < Math.min(text.length, s.end); i++) if (r > rank[i]) rank[i] = r;
  }
  let out = "", i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && rank[j] === rank[i]) j++;
    const chunk = esc(text.slice(i, j));
    out += rank[i] < 0 ? chunk : `<mark class="${PRIORITY[rank[i]]}">${chunk}</mark>`;
    i = j;
  }
  return out;
}

function refs(list, cls) {
  return (list || []).map((a) => `<span class="${cls}">${a.id ? `<a href="${href("actor", a.id, new URLSearchParams())}">${esc(a.name || a.text)}</a>` : esc(a.text)}</span>
    <span class="muted">${esc([a.sector, a.country].filter(Boolean).join(" · "))}${a.method ? ` · ${esc(a.method)}` : ""}</span>`).join("<br>") || "<span class='muted'>none stated</span>";
}

export async function renderEvent(main, id) {
  const data = await api(`/api/events/${encodeURIComponent(id)}`);
  const ev = data.event;
  const text = data.source?.text || "";
  // the spans of the report shown (its offsets are into its document's text)
  const rep = data.report || ev;
  const spans = [];
  for (const o of data.other_events) if (o.evidence) spans.push({ ...o.evidence, cls: "other" });
  if (rep.evidence) spans.push({ ...rep.evidence, cls: "evidence" });
  for (const x of rep.extra_evidence || []) spans.push({ ...x, cls: "evidence" });
  if (rep.trigger) spans.push({ ...rep.trigger, cls: "trigger" });
  for (const a of rep.actors || []) spans.push({ start: a.start, end: a.end, cls: "actor" });
  for (const a of rep.recipients || []) spans.push({ start: a.start, end: a.end, cls: "recipient" });
  if (rep.location && rep.location.start != null) spans.push({ start: rep.location.start, end: rep.location.end, cls: "place" });
  if (rep.date?.offset != null && rep.date.text) spans.push({ start: rep.date.offset, end: rep.date.offset + rep.date.text.length, cls: "date" });
  const loc = ev.location;
  const src = data.source || {};
  const history = data.history.map((h) => h.action === "review"
    ? `<li>${esc(h.at)} <strong>${esc(h.reviewer)}</strong>: ${esc(h.status_from)} → ${esc(h.status_to)}
      ${Object.entries(h.changes).map(([k, [a, b]]) => `<br><code>${esc(k)}</code>: ${esc(JSON.stringify(a))} → ${esc(JSON.stringify(b))}`).join("")}
      ${h.note ? `<br><em>${esc(h.note)}</em>` : ""}</li>`
    : `<li class="muted">${esc(h.at)} ${esc(h.action)}: ${esc(h.reason || "")}</li>`).join("");
  const fatal = ev.fatalities != null
    ? num(ev.fatalities) + (ev.fatalities_low != null && ev.fatalities_low !== ev.fatalities_high
      ? ` <span class="muted">(sources: ${num(ev.fatalities_low)}–${num(ev.fatalities_high)})</span>` : "")
    : "<span class='muted'>not stated</span>";
  main.innerHTML = `<div class="cols" id="event-page">
    <section>
      <h2 style="margin-top:0">${esc(ev.type)}${ev.mode ? ` <small class="muted">${esc(ev.mode)}</small>` : ""}</h2>
      <p>${statusBadge(data.status)} ${certaintyBadge(ev.certainty)} ${ev.negated ? '<span class="badge rejected">negated</span>' : ""}
        ${data.corrected ? '<span class="badge verified">corrected</span>' : ""}
        ${data.needs_review ? `<span class="badge rejected">needs re-review</span> <span class="reason">${esc(data.review_reason || "")}</span>` : ""}</p>
      <dl class="facts">
        <dt>ACLED</dt><dd>${ev.acled?.event_type ? `${esc(ev.acled.event_type)} · ${esc(ev.acled.sub_event_type || "—")}` : "<span class='muted'>no ACLED equivalent</span>"}</dd>
        <dt>actors</dt><dd>${refs(ev.actors, "actor")}</dd>
        <dt>recipients</dt><dd>${refs(ev.recipients, "recipient")}</dd>
        <dt>place</dt><dd>${loc ? `${loc.geonameid ? `<a href="/api/places/${encodeURIComponent(loc.geonameid)}">${esc(loc.name || loc.text)}</a>` : esc(loc.name || loc.text)}
          <span class="muted">${esc([loc.admin1, loc.country_code].filter(Boolean).join(", "))}</span><br>
          <span class="muted">precision: ${esc(PRECISION[loc.precision] || "unknown")}</span>${loc.reason ? `<div class="reason">${esc(loc.reason)}</div>` : ""}`
          : "<span class='muted'>not located</span>"}</dd>
        <dt>date</dt><dd>${dateText(ev.date?.start, ev.date?.end)} <span class="muted">(${esc(ev.date?.granularity || "")})</span>
          ${ev.date?.reason ? `<div class="reason">${esc(ev.date.reason)}</div>` : ""}</dd>
        <dt>fatalities</dt><dd>${fatal}${ev.injured != null ? ` · ${num(ev.injured)} injured` : ""}</dd>
        <dt>confidence</dt><dd>${num(ev.confidence ?? 0, 2)}</dd>
        <dt>why</dt><dd class="reason">${esc(ev.reason || "")}</dd>
        <dt>coded by</dt><dd class="muted">${esc(ev.component || "")}</dd>
        <dt>source</dt><dd>${esc(src.title || src.id || "")}<br><span class="muted">${esc([src.publication, src.date, src.author].filter(Boolean).join(" · "))}</span>
          ${src.url ? `<br>${urlLink(src.url)}` : ""}
          <br><a href="#/table?doc=${encodeURIComponent(src.id || "")}">all events of this document</a></dd>
      </dl>
      <h3>Sources <small class="muted">${data.sources.length > 1 ? `${data.sources.length} reports merged into one event by the store` : ""}</small></h3>
      ${data.sources.length > 1 ? `<ul id="sources">${data.sources.map((x) => `<li>${x.document_id === src.id ? "<strong>the report shown</strong>" : `${esc(x.title || x.document_id)}${x.url ? ` ${urlLink(x.url)}` : ""}`}
        <span class="muted">${esc([x.publication, x.date].filter(Boolean).join(" · "))} · source ${esc(x.source_id)}</span><br><q>${esc(x.evidence || "")}</q>
        <div class="reason">${esc(x.merge_reason)}</div></li>`).join("")}</ul>` : "<p class='muted'>only this report</p>"}
      <h3>Review</h3><div id="review-box"></div>
      <h3>History</h3>${history ? `<ul>${history}</ul>` : "<p class='muted'>not reviewed yet</p>"}
    </section>
    <section>
      <p class="muted">Highlighted: <mark class="evidence">evidence</mark> <mark class="trigger">trigger</mark> <mark class="actor">actor</mark>
        <mark class="recipient">recipient</mark> <mark class="place">place</mark> <mark class="date">date</mark> <mark class="other">other events</mark></p>
      <div class="article" id="article">${highlight(text, spans)}</div>
    </section></div>`;
  reviewForm(main.querySelector("#review-box"), data, () => renderEvent(main, id));
  const art = main.querySelector("#article"), first = art.querySelector("mark.evidence");
  if (first) {  // bring this event's evidence into view inside the article box
    requestAnimationFrame(() => {
      art.scrollTop += first.getBoundingClientRect().top - art.getBoundingClientRect().top - art.clientHeight / 3;
    });
  }
}
