// Faceted event table, paged on the server. Keyboard: j/k or ↓/↑ move, Enter opens,
// n/p next/previous page, / focuses the search box.
import { api, certaintyBadge, dateText, esc, filters, href, num, PRECISION, qs, route, setParams, statusBadge, typeColor } from "./core.js";

const FACETS = ["type", "sub_event_type", "country", "admin1", "actor", "certainty", "status"];
const SIZE = 50;
let keyHandler = null;

function facetList(name, values, active) {
  if (!values.length) return "";
  const key = name;
  const items = values.map((v) => {
    const val = v.value ?? "";
    const label = v.label || v.value || "(none)";
    const on = active.getAll(key).includes(String(val));
    return `<li><a href="#" data-facet="${esc(key)}" data-value="${esc(val)}" ${on ? 'style="font-weight:700"' : ""}>
      <span>${esc(label)}</span><span class="muted">${num(v.n)}</span></a></li>`;
  }).join("");
  return `<h3>${esc(name.replace(/_/g, " "))}</h3><ul>${items}</ul>`;
}

export async function renderTable(main) {
  const r = route();
  const page = Number(r.params.get("page") || 1);
  const sort = r.params.get("sort") || "-date";
  const f = filters();
  const data = await api(`/api/events?${qs(f, { _size: SIZE, _page: page, _sort: sort, _facet: FACETS })}`);
  const head = (key, label) => {
    const dir = sort === `-${key}` ? "▼" : sort === key ? "▲" : "";
    return `<th><button type="button" data-sort="${key}">${label} ${dir}</button></th>`;
  };
  const rows = data.rows.map((e) => `<tr tabindex="0" data-id="${esc(e.id)}">
      <td>${dateText(e.date_start, e.date_end)}</td>
      <td><span class="swatch" style="background:${typeColor(e.type)}"></span>${esc(e.type)}<br><span class="muted">${esc(e.sub_event_type || "")}</span></td>
      <td>${esc(e.actors_text || "")}</td>
      <td>${e.precision >= 2 ? `<span title="${esc(PRECISION[e.precision])}">≈ </span>` : ""}${esc(e.place_name || "")}<br><span class="muted">${esc([e.admin1, e.country].filter(Boolean).join(", "))}</span></td>
      <td>${num(e.fatalities)}</td>
      <td>${num(e.confidence ?? 0, 2)}<br>${certaintyBadge(e.certainty)}</td>
      <td>${statusBadge(e.status)}${e.needs_review ? ' <span class="badge rejected" title="its sources changed since it was reviewed">re-review</span>' : ""}</td>
      <td class="ev"><a href="${href("event", e.id, new URLSearchParams())}">${esc((e.evidence || "").slice(0, 220))}</a></td>
    </tr>`).join("");
  main.innerHTML = `<div class="layout">
    <aside class="facets" aria-label="facets">${FACETS.map((n) => facetList(n, data.facets[n] || [], f)).join("")}</aside>
    <div>
      <div class="pager"><strong>${data.total.toLocaleString()}</strong> events · page ${data.page} of ${data.pages}
        <button type="button" id="prev" ${page <= 1 ? "disabled" : ""}>← prev (p)</button>
        <button type="button" id="next" ${page >= data.pages ? "disabled" : ""}>next (n) →</button>
        <a href="/api/events.csv?${qs(f, { _size: 1000, _sort: sort })}">CSV</a>
        <a href="/api/events.geojson?${qs(f, { _size: 1000, _sort: sort })}">GeoJSON</a>
        <span class="muted">keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>/</kbd> search</span></div>
      <table class="events" id="events-table"><thead><tr>${head("date", "date")}<th>type</th><th>actors</th><th>place</th>
        ${head("fatalities", "killed")}${head("confidence", "confidence")}<th>status</th><th>evidence</th></tr></thead>
        <tbody>${rows || `<tr><td colspan="8" class="muted">no events match</td></tr>`}</tbody></table>
    </div></div>`;
  main.querySelectorAll("[data-facet]").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault();
    const key = a.dataset.facet, val = a.dataset.value;
    const cur = f.getAll(key);
    setParams({ [key]: cur.includes(val) ? cur.filter((x) => x !== val) : [...cur, val] });
  }));
  main.querySelectorAll("[data-sort]").forEach((b) => b.addEventListener("click", () => {
    const k = b.dataset.sort;
    setParams({ sort: sort === `-${k}` ? k : `-${k}` });
  }));
  const go = (p) => setParams({ page: String(p) });
  main.querySelector("#prev").addEventListener("click", () => go(page - 1));
  main.querySelector("#next").addEventListener("click", () => go(page + 1));
  const trs = [...main.querySelectorAll("tbody tr[data-id]")];
  trs.forEach((tr) => tr.addEventListener("dblclick", () => { location.hash = href("event", tr.dataset.id, new URLSearchParams()); }));
  if (keyHandler) window.removeEventListener("keydown", keyHandler);
  keyHandler = (e) => {
    if (route().view !== "table" || e.target.closest("input, textarea, select")) return;
    const i = trs.indexOf(document.activeElement);
    if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); (trs[i + 1] || trs[0])?.focus(); }
    else if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); (trs[i - 1] || trs[trs.length - 1])?.focus(); }
    else if (e.key === "Enter" && i >= 0) location.hash = href("event", trs[i].dataset.id, new URLSearchParams());
    else if (e.key === "n" && page < data.pages) go(page + 1);
    else if (e.key === "p" && page > 1) go(page - 1);
  };
  window.addEventListener("keydown", keyHandler);
}
