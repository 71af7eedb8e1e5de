// Map: country shapes from Natural Earth (world-atlas, bundled), events clustered and
// coloured by type, sized by fatalities. Approximate locations (precision 2: part of a region,
// 3: a region or country) are drawn as dashed hollow areas, never as a precise dot.
// Over MAX_POINTS matching events the server aggregates them into grid cells. The map names
// what it shows: the places with most events are labelled, and, once zoomed in to a region, the
// capitals in view (static/data/capitals.json, from GeoNames, built by marsad.serve.reference).
// A cluster takes the colour of the type most of its events have.
import { api, dateText, esc, filters, href, num, PRECISION, qs, typeColor } from "./core.js";

const MAX_POINTS = 3000;
const PLACE_LABELS = 12;
const CAPITAL_ZOOM = 4;
const MAX_CAPITALS = 40;
let countries = null;
let capitals = null;

async function countryLayer() {
  if (!countries) {
    const topo = await api("/static/vendor/world-atlas/countries-50m.json");
    countries = topojson.feature(topo, topo.objects.countries);
  }
  return L.geoJSON(countries, { style: { color: "#9aa7a0", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false });
}

export function clusterIcon(group) {
  const counts = new Map();
  for (const m of group.getAllChildMarkers()) counts.set(m.options.fillColor, (counts.get(m.options.fillColor) || 0) + 1);
  const color = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const n = group.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  return L.divIcon({
    html: `<span style="background:${esc(color)}">${num(n)}</span>`,
    className: "type-cluster",
    iconSize: [size, size],
  });
}

function label(lat, lon, text, cls) {
  return L.marker([lat, lon], { icon: L.divIcon({ className: "map-dot " + cls, iconSize: [6, 6] }), interactive: false, keyboard: false })
    .bindTooltip(esc(text), { permanent: true, direction: "right", offset: [4, 0], className: cls });
}

// the places with most located events, one label each (at the first event's point)
function placeLabels(features) {
  const places = new Map();
  for (const feat of features) {
    const name = feat.properties.place_name;
    if (!name) continue;
    const got = places.get(name) || { n: 0, coords: feat.geometry.coordinates };
    got.n += 1;
    places.set(name, got);
  }
  const layer = L.layerGroup();
  [...places.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, PLACE_LABELS)
    .forEach(([name, p]) => label(p.coords[1], p.coords[0], name, "place-label").addTo(layer));
  return layer;
}

async function capitalLabels(map) {
  if (!capitals) capitals = await api("/static/data/capitals.json");
  const layer = L.layerGroup().addTo(map);
  const draw = () => {
    layer.clearLayers();
    if (map.getZoom() < CAPITAL_ZOOM) return;
    const view = map.getBounds(), centre = view.getCenter();
    const far = (c) => centre.distanceTo([c.lat, c.lon]);
    // the nearest to the centre of the view first, when more are in view than can be named
    capitals.filter((c) => view.contains([c.lat, c.lon])).sort((a, b) => far(a) - far(b)).slice(0, MAX_CAPITALS)
      .forEach((c) => label(c.lat, c.lon, c.name, "capital-label").addTo(layer));
  };
  map.on("zoomend moveend", draw);
  const zoomed = () => { map.getContainer().dataset.zoom = map.getZoom(); };
  map.on("zoomend", zoomed);
  zoomed();
  draw();
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
  await capitalLabels(map);
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
  const cluster = L.markerClusterGroup({ maxClusterRadius: 40, iconCreateFunction: clusterIcon });
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
  placeLabels(data.features).addTo(map);
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 7, padding: [30, 30] });
  note.textContent = `${data.features.length} located events shown of ${data.total} matching (${data.unlocated} on this page have no location).`;
}
