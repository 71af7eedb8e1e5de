// Actor network: hostile / ally / member edges (relations stated in the articles), laid out
// by a small force simulation. Click an edge for its evidence sentences; click a node for
// the actor page.
import { api, esc, filters, href, qs, route, setParams } from "./core.js";

const NS = "http://www.w3.org/2000/svg";
const EDGE_COLORS = { hostile: "#c0392b", ally: "#27ae60", member_of: "#2c5aa0", formerly_member_of: "#7f8fb0", leads: "#8e44ad", controls: "#d35400" };
const SECTOR_COLORS = { MIL: "#34495e", REB: "#c0392b", GOV: "#2c5aa0", CVL: "#7f8c8d", IGO: "#16a085" };

function layout(nodes, edges, W, H) {
  const idx = new Map(nodes.map((n, i) => [n.id, i]));
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    n.x = W / 2 + (W / 3) * Math.cos(a); n.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.6;
  for (let it = 0; it < 250; it++) {
    const t = 1 - it / 250;
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / d / d;
        dx *= f; dy *= f;
        a.dx += dx; a.dy += dy; b.dx -= dx; b.dy -= dy;
      }
    }
    for (const e of edges) {
      const a = nodes[idx.get(e.source)], b = nodes[idx.get(e.target)];
      if (!a || !b) continue;
      const dx = a.x - b.x, dy = a.y - b.y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const f = d / k;
      a.dx -= dx * f * 0.5; a.dy -= dy * f * 0.5; b.dx += dx * f * 0.5; b.dy += dy * f * 0.5;
    }
    for (const n of nodes) {
      n.dx += (W / 2 - n.x) * 0.02; n.dy += (H / 2 - n.y) * 0.02;
      const m = Math.max(1, Math.hypot(n.dx, n.dy));
      const step = Math.min(m, 30 * t + 1);
      n.x = Math.max(40, Math.min(W - 40, n.x + (n.dx / m) * step));
      n.y = Math.max(20, Math.min(H - 20, n.y + (n.dy / m) * step));
    }
  }
}

function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.appendChild(e);
  return e;
}

async function showEdge(side, e) {
  side.innerHTML = `<p class="muted">loading evidence…</p>`;
  const data = await api(`/api/graph/edge?${qs({}, { source: e.source, target: e.target, type: e.type })}`);
  side.innerHTML = `<h3>${esc(e.sourceName)} — <span style="color:${EDGE_COLORS[e.type] || "#555"}">${esc(e.type)}</span> — ${esc(e.targetName)}</h3>
    <p class="muted">${data.evidence.length} evidence sentence(s)</p>
    ${data.evidence.map((r) => `<div class="card"><blockquote>${esc(r.evidence_text)}</blockquote>
      <div class="muted">${esc(r.certainty || "")} · ${esc(r.doc_title || r.doc_id)} ${esc(r.doc_date || "")}</div>
      ${r.reason ? `<div class="reason">${esc(r.reason)}</div>` : ""}</div>`).join("")}`;
}

export async function renderNetwork(main) {
  const p = route().params;
  const types = p.getAll("edge");
  const f = filters();
  const graph = await api(`/api/graph?${qs({}, { type: types.length ? types : null, actor: f.getAll("actor").length ? f.getAll("actor") : null, start: f.get("start"), end: f.get("end"), limit: 150 })}`);
  const all = ["hostile", "ally", "member_of", "formerly_member_of", "leads", "controls", "linked"];
  main.innerHTML = `<div id="network" class="cols" style="grid-template-columns: 3fr 1fr">
    <div><div style="margin-bottom:.3rem">${all.map((t) => `<label style="margin-right:.6rem"><input type="checkbox" data-edge="${t}" ${!types.length || types.includes(t) ? "checked" : ""}>
      <span style="color:${EDGE_COLORS[t] || "#555"}">${t}</span></label>`).join("")}
      <a href="/api/graph.graphml">GraphML</a></div>
      <svg id="net-svg" role="img" aria-label="actor network"></svg>
      <p class="muted">${graph.nodes.length} actors, ${graph.edges.length} edges${graph.truncated ? " (the strongest; filter by actor to see more)" : ""}. Click an edge for its evidence, a node for the actor.</p></div>
    <aside class="side" id="net-side"><p class="muted">Click an edge to read the sentences it comes from.</p></aside></div>`;
  main.querySelectorAll("[data-edge]").forEach((c) => c.addEventListener("change", () => {
    const on = [...main.querySelectorAll("[data-edge]:checked")].map((x) => x.dataset.edge);
    setParams({ edge: on.length === all.length ? null : on });
  }));
  const svg = main.querySelector("#net-svg");
  const side = main.querySelector("#net-side");
  const W = svg.clientWidth || 900, H = svg.clientHeight || 500;
  const nodes = graph.nodes.map((n) => ({ ...n }));
  layout(nodes, graph.edges, W, H);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const maxCount = Math.max(1, ...graph.edges.map((e) => e.count));
  for (const e of graph.edges) {
    const a = byId.get(e.source), b = byId.get(e.target);
    if (!a || !b) continue;
    const color = EDGE_COLORS[e.type] || "#888";
    const attrs = { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
    el("line", { ...attrs, class: "edge", stroke: color, "stroke-width": 1 + (3 * e.count) / maxCount, "stroke-dasharray": e.type === "ally" ? "6,3" : "" }, svg);
    const hit = el("line", { ...attrs, class: "edge-hit", "data-type": e.type, "data-source": e.source, "data-target": e.target }, svg);
    const title = el("title", {}, hit);
    title.textContent = `${a.name} ${e.type} ${b.name} (${e.count})`;
    hit.addEventListener("click", () => showEdge(side, { ...e, sourceName: a.name, targetName: b.name }));
  }
  for (const n of nodes) {
    const g = el("g", { class: "node", transform: `translate(${n.x},${n.y})`, "data-id": n.id }, svg);
    const c = el("circle", { r: 5 + Math.min(16, Math.sqrt(n.events || 0) * 2), fill: SECTOR_COLORS[n.sector] || "#5d6d7e" }, g);
    const t = el("title", {}, c);
    t.textContent = `${n.name} (${n.events} events)`;
    const label = el("text", { x: 9, y: 4 }, g);
    label.textContent = n.name;
    c.addEventListener("click", () => { location.hash = href("actor", n.id, new URLSearchParams()); });
  }
}
