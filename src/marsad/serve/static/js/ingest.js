// Ingest form: paste an article or upload a file (text, HTML, JSON, JSONL). The upload shows
// its transfer progress, then the coding progress (documents done / total) of the job.
import { api, esc, href, num, token, toast } from "./core.js";

function upload(url, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", `Bearer ${token()}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = { detail: xhr.responseText }; }
      if (xhr.status >= 400) reject(new Error(`${xhr.status}: ${typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail ?? data)}`));
      else resolve(data);
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(body);
  });
}

export async function renderIngest(main) {
  main.innerHTML = `<h2 style="margin-top:0">Ingest articles</h2>
    ${token() ? "" : `<p class="error">Ingest needs an API token: create one with <code>marsad token create NAME</code> and set it with the "Token" button.</p>`}
    <form id="ingest-form" class="card">
      <label style="display:block">Article text <textarea name="text" rows="12" placeholder="paste an article or a scraped page"></textarea></label>
      <label>or a file (.txt, .html, .json, .jsonl) <input type="file" name="file" accept=".txt,.html,.htm,.json,.jsonl,.ndjson,text/*"></label>
      <label>title <input name="title"></label>
      <label>date (when the article gives none) <input name="date" type="date"></label>
      <button type="submit" class="primary">Code and store</button>
    </form>
    <div id="ingest-progress" hidden><p id="ingest-phase"></p><div class="progress"><div id="ingest-bar"></div></div></div>
    <div id="ingest-result"></div>`;
  const form = main.querySelector("#ingest-form");
  const bar = main.querySelector("#ingest-bar");
  const phase = main.querySelector("#ingest-phase");
  const result = main.querySelector("#ingest-result");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const hasFile = fd.get("file") && fd.get("file").size > 0;
    if (!hasFile) fd.delete("file");
    if (!hasFile && !String(fd.get("text") || "").trim()) { toast("paste a text or choose a file"); return; }
    for (const k of ["title", "date"]) if (!fd.get(k)) fd.delete(k);
    main.querySelector("#ingest-progress").hidden = false;
    result.innerHTML = "";
    phase.textContent = "uploading…";
    form.querySelector("button").disabled = true;
    try {
      const job = await upload("/api/documents?wait=false", fd, (x) => { bar.style.width = `${Math.round(x * 30)}%`; });
      let state;
      do {
        await new Promise((r) => setTimeout(r, 400));
        state = await api(`/api/jobs/${job.job}`);
        bar.style.width = `${30 + Math.round((70 * state.done) / Math.max(1, state.total))}%`;
        phase.textContent = `coding: ${state.done} of ${state.total} document(s)…`;
      } while (state.status === "queued" || state.status === "running");
      bar.style.width = "100%";
      phase.textContent = `done: ${state.documents.length} document(s) coded, ${state.errors.length} error(s)`;
      result.innerHTML = state.documents.map((d) => `<div class="card ingested"><strong>${esc(d.title || d.id)}</strong> — ${num(d.events)} event(s)
          · <a href="#/table?doc=${encodeURIComponent(d.id)}">table</a> · <a href="#/map?doc=${encodeURIComponent(d.id)}">map</a>
          ${d.event_ids.length ? `· <a href="${href("event", d.event_ids[0], new URLSearchParams())}">first event</a>` : ""}
          ${d.warnings.map((w) => `<div class="reason">${esc(w)}</div>`).join("")}</div>`).join("")
        + state.errors.map((x) => `<p class="error">${esc(x.source)}: ${esc(x.reason)}</p>`).join("");
      window.dispatchEvent(new Event("marsad:changed"));
    } catch (err) {
      phase.textContent = "failed";
      result.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    } finally {
      form.querySelector("button").disabled = false;
    }
  });
}
