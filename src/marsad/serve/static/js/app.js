// The web app shell: router, filter bar, timeline brush; each view renders into <main>.
import { api, esc, filters, route, setParams, setToken, token, toast } from "./core.js";
import { renderTimeline } from "./timeline.js";
import { renderMap } from "./map.js";
import { renderTable } from "./table.js";
import { renderNetwork } from "./network.js";
import { renderEvent } from "./event.js";
import { renderActor } from "./actor.js";
import { renderReview } from "./review.js";
import { renderIngest } from "./ingest.js";

const VIEWS = {
  map: renderMap, table: renderTable, network: renderNetwork, event: renderEvent,
  actor: renderActor, review: renderReview, ingest: renderIngest,
};
const WITH_FILTERS = new Set(["map", "table", "network", "review"]);
const FIELDS = [
  ["q", "search", "text"], ["type", "type", "text"], ["country", "country", "text"], ["actor", "actor", "text"],
  ["start", "from", "date"], ["end", "to", "date"], ["min_confidence", "min conf.", "number"],
];

function renderFilters(view) {
  const el = document.getElementById("filters");
  if (!WITH_FILTERS.has(view)) { el.hidden = true; return; }
  el.hidden = false;
  const f = filters();
  const inputs = FIELDS.map(([key, label, kind]) => {
    const extra = kind === "number" ? 'step="0.05" min="0" max="1"' : "";
    return `<label>${label}<input name="${key}" type="${kind}" ${extra} value="${esc(f.getAll(key).join(","))}" data-filter="${key}"></label>`;
  }).join("");
  const sel = (key, label, opts) => `<label>${label}<select data-filter="${key}"><option value="">any</option>${opts
    .map((o) => `<option ${f.get(key) === o ? "selected" : ""}>${o}</option>`).join("")}</select></label>`;
  const chips = [...f.entries()].filter(([k]) => !FIELDS.some(([x]) => x === k))
    .map(([k, v]) => `<span class="chip">${esc(k)}: ${esc(v)}<button data-clear="${esc(k)}" aria-label="remove ${esc(k)} filter">×</button></span>`).join("");
  el.innerHTML = `${inputs}${sel("certainty", "certainty", ["asserted", "reported", "hedged", "inferred"])}
    ${sel("status", "status", ["candidate", "verified", "rejected"])}${chips}
    <button type="button" id="clear-filters">clear</button>`;
  el.querySelectorAll("[data-filter]").forEach((input) => {
    input.addEventListener("change", () => {
      const key = input.dataset.filter;
      const vals = key === "q" ? [input.value] : input.value.split(",").map((s) => s.trim()).filter(Boolean);
      setParams({ [key]: vals });
    });
  });
  el.querySelectorAll("[data-clear]").forEach((b) => b.addEventListener("click", () => setParams({ [b.dataset.clear]: null })));
  el.querySelector("#clear-filters").addEventListener("click", () => {
    const clear = {};
    for (const k of f.keys()) clear[k] = null;
    setParams(clear);
  });
}

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  const { view, arg } = route();
  document.querySelectorAll("#nav a[data-view]").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  renderFilters(view);
  const tl = document.getElementById("timeline");
  tl.hidden = !WITH_FILTERS.has(view);
  const main = document.getElementById("view");
  const fn = VIEWS[view] || renderMap;
  const current = () => seq === renderSeq;
  try {
    if (!tl.hidden) renderTimeline(tl, current).catch((e) => { if (current()) console.error(e); });
    await fn(main, arg, current);
  } catch (err) {
    if (!current()) return; // a later view replaced this one while it loaded
    console.error(err);
    main.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

async function refreshStats() {
  try {
    const s = await api("/api/stats");
    const by = s.events_by_status || {};
    document.getElementById("stats").textContent =
      `${s.documents} documents · ${s.events} events (${by.verified || 0} verified, ${by.candidate || 0} candidate) · ${s.actors} actors`;
  } catch (e) { console.error(e); }
}

document.getElementById("token-btn").addEventListener("click", () => {
  const t = prompt("API token for ingest and review (marsad token create NAME). Empty to forget it.", token());
  if (t !== null) { setToken(t); toast(t ? "token saved in this browser" : "token forgotten"); }
});
window.addEventListener("hashchange", render);
window.addEventListener("marsad:changed", refreshStats);
window.addEventListener("keydown", (e) => {
  if (e.target.closest("input, textarea, select")) return;
  if (e.key === "/") { const q = document.querySelector('[data-filter="q"]'); if (q) { e.preventDefault(); q.focus(); } }
});
render();
refreshStats();
