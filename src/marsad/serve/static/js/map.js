// Map: country shapes from Natural Earth (world-atlas, bundled), events clustered and
// coloured by type, sized by fatalities. Approximate locations (precision 2: part of a region,
// 3: a region or country) are drawn as dashed hollow areas, never as a precise dot.
// Over MAX_POINTS matching events the server aggregates them into grid cells.
import { api, dateText, esc, filters, href, num, PRECISION, qs, typeColor } from "./core.js";

const MAX_POINTS = 3000;
let countries = null;

async function countryLayer() {
  if (!countries) {
    const topo = await api("/static/vendor/world-atlas/countries-50m.json");
    countries = topojson.feature(topo, topo.objects.countries);
  }
  return L.geoJSON(countries, { style: { color: "#9aa7a0", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false });
}

function radius(fatalities) { return 5 + Math.min(20, 2.2 * Math.sqrt(fatalities || 0)); }

function popup(p) {
  return `<strong>${esc(p.type)}</strong> ${p.sub_event_type ? "· " + esc(p.sub_event_type) : ""}<br>
    ${dateText(p.date_start, p.date_end)} · ${esc(p.place_name || "")}<br>
    <span class="muted">${esc(PRECISION[p.precision] || "precision unknown")}</span><br>
    ${esc(p.actors_text || "")}<br>
    <span class="badge ${esc(p.status)}">${esc(p.status)}</span> ${p.fatalities != null ? `· ${num(p.fatalities)} killed` : ""}<br>
    <a href="${href("event", p.id, new URLSearchParams())}">open event →</a>`;
}

export async function renderMap(main, _arg, current) {
  main.innerHTML = `<div id="map" role="region" aria-label="map of events"></div><p id="map-note" class="muted"></p>`;
  const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, attributionControl: true }).setView([30, 20], 3);
  map.attributionControl.addAttribution("Natural Earth via world-atlas");
  (await countryLayer()).addTo(map);
  if (!current()) return;
  const f = filters();
  const probe = await api(`/api/events?${qs(f, { _size: 0, _facet: "type" })}`);
  if (!current()) return;
  const note = document.getElementById("map-note");
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.innerHTML = probe.facets.type.map((t) => `<div><span class="swatch" style="background:${typeColor(t.value)}"></span>${esc(t.value)} (${num(t.n)})</div>`).join("")
      + `<div><svg width="12" height="12"><circle cx="6" cy="6" r="5" fill="none" stroke="#555" stroke-dasharray="2,2"/></svg> approximate location</div>
         <div class="muted">size: fatalities</div>`;
    return div;
  };
  legend.addTo(map);
  if (probe.total > MAX_POINTS) {
    const grid = await api(`/api/map/grid?${qs(f, { cell: 1 })}`);
    if (!current()) return;
    for (const c of grid.cells) {
      L.circleMarker([c.lat, c.lon], { radius: 4 + Math.sqrt(c.n), color: "#0b6e6e", weight: 1, fillOpacity: 0.45 })
        .bindTooltip(`${num(c.n)} events, ${num(c.fatalities)} fatalities`).addTo(map);
    }
    note.textContent = `${probe.total.toLocaleString()} events: aggregated in 1° cells (filter or zoom with the timeline to see single events).`;
    return;
  }
  const data = await api(`/api/events.geojson?${qs(f, { _size: MAX_POINTS })}`);
  if (!current()) return;
  const cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  const approx = L.layerGroup();
  const bounds = [];
  for (const feat of data.features) {
    const p = feat.properties;
    const [lon, lat] = feat.geometry.coordinates;
    bounds.push([lat, lon]);
    const color = typeColor(p.type);
    if (p.precision && p.precision >= 2) {
      const km = p.precision === 2 ? 25 : 120;
      L.circle([lat, lon], { radius: km * 1000, color, weight: 1.5, dashArray: "4,4", fill: true, fillOpacity: 0.06 })
        .bindPopup(popup(p)).addTo(approx);
    } else {
      L.circleMarker([lat, lon], { radius: radius(p.fatalities), color: "#fff", weight: 1, fillColor: color, fillOpacity: 0.85, className: "event-marker" })
        .bindPopup(popup(p)).addTo(cluster);
    }
  }
  cluster.addTo(map);
  approx.addTo(map);
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 7, padding: [30, 30] });
  note.textContent = `${data.features.length} located events shown of ${data.total} matching (${data.unlocated} on this page have no location).`;
}
