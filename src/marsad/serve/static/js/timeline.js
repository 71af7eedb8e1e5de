// Timeline: events per day/week/month stacked by type (server-side counts); drag to brush a
// date range, which becomes the start/end filters of every view.
import { api, esc, filters, qs, route, setParams, typeColor } from "./core.js";

const NS = "http://www.w3.org/2000/svg";

function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function bucketEnd(iso, bucket) {
  if (bucket === "day") return iso;
  if (bucket === "week") return addDays(iso, 6);
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

// `current` says whether this render is still the latest; a stale one must not replace the
// timeline a later navigation drew (it would detach the svg a user or test is dragging on).
export async function renderTimeline(el, current = () => true) {
  delete el.dataset.ready;
  const f = filters();
  const start = f.get("start"), end = f.get("end");
  f.delete("start"); f.delete("end");
  const bucket = route().params.get("bucket") || "month";
  const data = await api(`/api/timeline?${qs(f, { bucket, by: "type" })}`);
  if (!current()) return;
  const buckets = [...new Set(data.rows.map((r) => r.bucket))].sort();
  const series = data.series;
  const totals = {};
  for (const r of data.rows) totals[r.bucket] = (totals[r.bucket] || 0) + r.n;
  const max = Math.max(1, ...Object.values(totals));
  const legend = series.map((s) => `<span><span class="swatch" style="background:${typeColor(s)}"></span>${esc(s)}</span>`).join(" ");
  el.innerHTML = `<div style="display:flex;gap:.6rem;align-items:center;font-size:.8rem">
      <strong>Timeline</strong>
      <select id="tl-bucket" aria-label="bucket">${["day", "week", "month"].map((b) => `<option ${b === bucket ? "selected" : ""}>${b}</option>`).join("")}</select>
      <span class="muted">drag to filter dates${start || end ? ` · <button type="button" id="tl-clear">clear ${esc(start || "…")} – ${esc(end || "…")}</button>` : ""}</span>
      <span style="margin-left:auto">${legend}</span></div>
    <svg id="tl-svg" role="img" aria-label="events over time"></svg>`;
  el.querySelector("#tl-bucket").addEventListener("change", (e) => setParams({ bucket: e.target.value }));
  el.querySelector("#tl-clear")?.addEventListener("click", () => setParams({ start: null, end: null }));
  const svg = el.querySelector("#tl-svg");
  if (!buckets.length) { svg.innerHTML = `<text x="10" y="40" class="axis">no dated events</text>`; el.dataset.ready = "1"; return; }
  const W = svg.clientWidth || 800, H = 90, pad = 14;
  const bw = Math.min(60, (W - 2) / buckets.length);
  const stack = {};
  const frag = document.createDocumentFragment();
  for (const r of data.rows) {
    const i = buckets.indexOf(r.bucket);
    const y0 = stack[r.bucket] || 0;
    stack[r.bucket] = y0 + r.n;
    const h = (r.n / max) * (H - pad - 4);
    const y = H - pad - (y0 / max) * (H - pad - 4) - h;
    const rect = document.createElementNS(NS, "rect");
    rect.setAttribute("x", 1 + i * bw); rect.setAttribute("y", y);
    rect.setAttribute("width", Math.max(1, bw - 1)); rect.setAttribute("height", Math.max(0.5, h));
    rect.setAttribute("fill", typeColor(r.series));
    const title = document.createElementNS(NS, "title");
    title.textContent = `${r.bucket}: ${r.n} ${r.series}`;
    rect.appendChild(title);
    frag.appendChild(rect);
  }
  svg.appendChild(frag);
  const label = (i, anchor) => {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", anchor === "end" ? Math.max(1 + (i + 1) * bw, 120) : 2); t.setAttribute("y", H - 2);
    t.setAttribute("text-anchor", anchor); t.setAttribute("class", "axis");
    t.textContent = buckets[i];
    svg.appendChild(t);
  };
  label(0, "start");
  if (buckets.length > 1) label(buckets.length - 1, "end");
  const brush = document.createElementNS(NS, "rect");
  brush.setAttribute("class", "brush"); brush.setAttribute("y", 0); brush.setAttribute("height", H - pad);
  svg.appendChild(brush);
  const idx = (iso) => buckets.findIndex((b) => bucketEnd(b, bucket) >= iso);
  const show = (a, b) => {
    brush.setAttribute("x", Math.min(a, b)); brush.setAttribute("width", Math.abs(b - a)); brush.style.display = "";
  };
  brush.style.display = "none";
  if (start || end) {
    const i0 = start ? Math.max(0, idx(start)) : 0;
    const i1 = end ? (idx(end) < 0 ? buckets.length - 1 : idx(end)) : buckets.length - 1;
    show(1 + i0 * bw, 1 + (i1 + 1) * bw);
  }
  const at = (evt) => {
    const box = svg.getBoundingClientRect();
    return Math.max(0, Math.min(bw * buckets.length, evt.clientX - box.left));
  };
  let from = null;
  svg.addEventListener("mousedown", (e) => { from = at(e); show(from, from); });
  svg.addEventListener("mousemove", (e) => { if (from !== null) show(from, at(e)); });
  window.addEventListener("mouseup", function up(e) {
    if (from === null) return;
    window.removeEventListener("mouseup", up);
    const a = Math.min(from, at(e)), b = Math.max(from, at(e));
    from = null;
    const i0 = Math.max(0, Math.floor(a / bw)), i1 = Math.min(buckets.length - 1, Math.floor(Math.max(a, b - 1) / bw));
    setParams({ start: buckets[i0], end: bucketEnd(buckets[i1], bucket) });
  });
  el.dataset.ready = "1";
}
