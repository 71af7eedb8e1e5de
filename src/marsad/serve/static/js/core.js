// Shared helpers: the API client, the URL state (view + filters in the hash), formatting.

export const FILTER_KEYS = ["q", "type", "country", "actor", "admin1", "sub_event_type", "start", "end",
  "min_confidence", "certainty", "status", "doc", "geonameid", "bbox"];

const TYPE_COLORS = {
  ASSAULT: "#c0392b", FIGHT: "#8e1b10", COERCE: "#d35400", THREATEN: "#e1a100", PROTEST: "#8e44ad",
  MOBILIZE: "#6d4c41", SANCTION: "#7f8c8d", ACCUSE: "#b8860b", REQUEST: "#2980b9", DEMAND: "#2c5aa0",
  AGREE: "#27ae60", CONSULT: "#16a085", SUPPORT: "#2e8b57", COOPERATE: "#1abc9c", AID: "#3cb371",
  RETREAT: "#95a5a6", CONCEDE: "#5d6d7e", REJECT: "#9b59b6",
};

export function typeColor(type) {
  if (!type) return "#888";
  if (TYPE_COLORS[type]) return TYPE_COLORS[type];
  let h = 0;
  for (const c of type) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h},55%,45%)`;
}

export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The URL when it is an absolute http(s) URL, else null: a stored script, data or relative URL
 * must never become a link in the app's origin. */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
}

/** A stored URL as an external link when it is http(s), as plain text otherwise. */
export function urlLink(url) {
  const safe = safeUrl(url);
  if (!safe) return `<span class="unsafe-url">${esc(url)}</span>`;
  return `<a href="${esc(safe)}" rel="noopener noreferrer" target="_blank">${esc(url)}</a>`;
}

/** A stored number for display (escaped: a stored field may hold text where a number belongs). */
export function num(value, digits = null) {
  if (value === null || value === undefined) return "";
  const n = Number(value);
  if (digits !== null && Number.isFinite(n)) return esc(n.toFixed(digits));
  return esc(value);
}

export function token() { return localStorage.getItem("marsad.token") || ""; }
export function setToken(t) { if (t) localStorage.setItem("marsad.token", t.trim()); else localStorage.removeItem("marsad.token"); }

export async function api(path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.write && token()) headers.Authorization = `Bearer ${token()}`;
  const res = await fetch(path, { ...opts, headers });
  const ctype = res.headers.get("content-type") || "";
  const body = ctype.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const detail = typeof body === "object" ? (body.detail ?? body.error) : body;
    const msg = typeof detail === "string" ? detail : JSON.stringify(detail);
    throw new Error(`${res.status}: ${msg}`);
  }
  return body;
}

// --- URL state: "#/view/arg?filters" ---------------------------------------------------
export function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "map", arg: parts[1] || null, params: new URLSearchParams(query) };
}

export function filters() {
  const { params } = route();
  const out = new URLSearchParams();
  for (const [k, v] of params) if (FILTER_KEYS.includes(k) && v !== "") out.append(k, v);
  return out;
}

export function href(view, arg = null, params = null) {
  const p = params ?? route().params;
  const q = p.toString();
  return `#/${view}${arg ? "/" + encodeURIComponent(arg) : ""}${q ? "?" + q : ""}`;
}

export function setParams(changes, { replace = false } = {}) {
  const r = route();
  const p = new URLSearchParams(r.params);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x));
    else if (v !== null && v !== undefined && v !== "") p.set(k, v);
  }
  if (!("page" in changes)) p.delete("page");
  const target = href(r.view, r.arg, p);
  if (replace) { history.replaceState(null, "", target); window.dispatchEvent(new HashChangeEvent("hashchange")); }
  else location.hash = target;
}

export function qs(params, extra = {}) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(extra)) {
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x)); else if (v !== null && v !== undefined) p.set(k, v);
  }
  return p.toString();
}

export function toast(msg, ms = 2500) {
  const el = document.getElementById("toast");
  el.textContent = msg;
  el.style.display = "block";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.style.display = "none"; }, ms);
}

export function statusBadge(status) {
  const label = status === "candidate" ? "candidate (unverified)" : status;
  return `<span class="badge ${esc(status)}" title="review status">${esc(label)}</span>`;
}

export function certaintyBadge(c) {
  return c ? `<span class="badge ${esc(c)}" title="how the text states it">${esc(c)}</span>` : "";
}

export function dateText(start, end) {
  if (!start) return "<span class='muted'>undated</span>";
  return start === end || !end ? esc(start) : `${esc(start)} – ${esc(end)}`;
}

export const PRECISION = { 1: "town", 2: "part of a region (approximate)", 3: "region or country (approximate)" };
