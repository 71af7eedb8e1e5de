// Review queue: candidate events, most confident first. Verify (v), reject (x) or correct
// them; every change is recorded with the reviewer (the token's name) and a note.
// Keys: j/k move between cards.
import { api, dateText, esc, filters, href, num, qs, route, statusBadge, token, toast } from "./core.js";

export async function patchEvent(id, body) {
  const res = await api(`/api/events/${encodeURIComponent(id)}`, {
    method: "PATCH", write: true, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  window.dispatchEvent(new Event("marsad:changed"));
  return res;
}

/** Review actions for one event (``data`` as from GET /api/events/{id} or a list row). */
export function reviewForm(box, data, onDone) {
  const ev = data.event || {};
  const id = data.id;
  if (!token()) {
    box.innerHTML = `<p class="muted">Set an API token (button "Token", top right) to verify, correct or reject.</p>`;
    return;
  }
  box.innerHTML = `<div class="actions">
      <button type="button" class="ok" data-act="verified">Verify</button>
      <button type="button" class="bad" data-act="rejected">Reject</button>
      <button type="button" data-act="correct">Correct…</button></div>
    <form class="correct" hidden>
      <label>type <input name="type" value="${esc(ev.type || "")}"></label>
      <label>ACLED sub-event <input name="acled.sub_event_type" value="${esc(ev.acled?.sub_event_type || "")}"></label>
      <label>fatalities <input name="fatalities" type="number" min="0" value="${num(ev.fatalities)}"></label>
      <label>date start <input name="date.start" type="date" value="${esc(ev.date?.start || "")}"></label>
      <label>date end <input name="date.end" type="date" value="${esc(ev.date?.end || "")}"></label>
      <label>status <select name="status"><option>verified</option><option>candidate</option><option>rejected</option></select></label>
      <label style="display:block">note <textarea name="note" rows="2"></textarea></label>
      <button type="submit" class="primary">Save correction</button></form>
    <label style="display:block">note <input class="quick-note" placeholder="optional note for verify/reject" style="width:100%"></label>`;
  const form = box.querySelector("form.correct");
  box.querySelectorAll("[data-act]").forEach((b) => b.addEventListener("click", async () => {
    if (b.dataset.act === "correct") { form.hidden = !form.hidden; return; }
    try {
      const note = box.querySelector(".quick-note").value || null;
      await patchEvent(id, { status: b.dataset.act, note });
      toast(`event ${b.dataset.act}`);
      onDone();
    } catch (err) { toast(err.message, 5000); }
  }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const corrections = {};
    for (const key of ["type", "acled.sub_event_type", "fatalities", "date.start", "date.end"]) {
      const v = fd.get(key);
      const old = key === "type" ? ev.type : key === "fatalities" ? ev.fatalities : key === "acled.sub_event_type" ? ev.acled?.sub_event_type
        : key === "date.start" ? ev.date?.start : ev.date?.end;
      const value = key === "fatalities" ? (v === "" ? null : Number(v)) : (v || null);
      if (value !== (old ?? null)) corrections[key] = value;
    }
    try {
      await patchEvent(id, { status: fd.get("status"), corrections, note: fd.get("note") || null });
      toast("correction saved");
      onDone();
    } catch (err) { toast(err.message, 5000); }
  });
}

let keyHandler = null;

export async function renderReview(main, arg, current = () => true) {
  const f = filters();
  const again = route().params.get("needs_review") === "true";  // reviewed events whose sources changed
  if (!f.get("status") && !again) f.set("status", "candidate");
  const data = await api(`/api/events?${qs(f, { _size: 25, _sort: "-confidence", needs_review: again ? "true" : null })}`);
  const changed = again ? null : await api(`/api/events?${qs(new URLSearchParams(), { _size: 0, needs_review: "true" })}`);
  if (!current()) return; // another view was opened while this one (or its refresh after a review) loaded
  main.innerHTML = `<h2 style="margin-top:0">Review queue <small class="muted">${num(data.total)} ${again ? "reviewed events whose sources changed" : `${esc(f.get("status"))} events`} · most confident first ·
      keys <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>v</kbd> verify, <kbd>x</kbd> reject</small></h2>
    ${changed && changed.total ? `<p><a href="#/review?needs_review=true">${num(changed.total)} reviewed event(s) changed since their review: review again</a></p>` : ""}
    ${token() ? "" : `<p class="error">Set an API token (button "Token", top right) to review.</p>`}
    <div id="queue">${data.rows.map((e) => `<div class="card" tabindex="0" data-id="${esc(e.id)}">
      <strong>${esc(e.type)}</strong> <span class="muted">${esc(e.sub_event_type || "")}</span> ${statusBadge(e.status)}${e.needs_review ? ' <span class="badge rejected">re-review</span>' : ""}
      · ${dateText(e.date_start, e.date_end)} · ${esc(e.place_name || "no place")} · conf. ${num(e.confidence ?? 0, 2)}
      <blockquote>${esc(e.evidence || "")}</blockquote>
      <div class="muted">${esc(e.actors_text || "")}</div>
      <a href="${href("event", e.id, new URLSearchParams())}">open with the article →</a>
      <div class="review-box"></div></div>`).join("") || "<p class='muted'>nothing to review</p>"}</div>`;
  const cards = [...main.querySelectorAll(".card[data-id]")];
  const rerender = () => renderReview(main, arg, current);
  cards.forEach((card) => reviewForm(card.querySelector(".review-box"), { id: card.dataset.id, event: {} }, rerender));
  if (keyHandler) window.removeEventListener("keydown", keyHandler);
  keyHandler = async (e) => {
    if (route().view !== "review" || e.target.closest("input, textarea, select")) return;
    const i = cards.indexOf(document.activeElement);
    if (e.key === "j") (cards[i + 1] || cards[0])?.focus();
    else if (e.key === "k") (cards[i - 1] || cards[cards.length - 1])?.focus();
    else if ((e.key === "v" || e.key === "x") && i >= 0) {
      try {
        await patchEvent(cards[i].dataset.id, { status: e.key === "v" ? "verified" : "rejected" });
        toast(e.key === "v" ? "verified" : "rejected");
        rerender();
      } catch (err) { toast(err.message, 5000); }
    }
  };
  window.addEventListener("keydown", keyHandler);
}
