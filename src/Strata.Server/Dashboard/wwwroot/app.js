// Strata dashboard: vanilla JS + SVG, no external assets (the server may run without internet).
"use strict";

// Shared helpers ($, el, api, setStatus, palette, itemLink…) are in common.js, loaded first.

// ---------- sunburst: macro (inner ring) → meso → items (outer ring), angle ∝ strength ----------

function arcPath(cx, cy, r0, r1, a0, a1) {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const p = (r, a) => `${(cx + r * Math.sin(a)).toFixed(2)} ${(cy - r * Math.cos(a)).toFixed(2)}`;
  if (a1 - a0 >= 2 * Math.PI - 1e-6) a1 = a0 + 2 * Math.PI - 1e-4;
  return `M${p(r0, a0)} A${r0} ${r0} 0 ${large} 1 ${p(r0, a1)} L${p(r1, a1)} A${r1} ${r1} 0 ${large} 0 ${p(r1, a0)} Z`;
}

function renderSunburst(interests) {
  const host = $("sunburst");
  host.replaceChildren();
  const size = 520, c = size / 2;
  const svg = el("svg:svg", { viewBox: `0 0 ${size} ${size}`, role: "img" });
  const rings = [[48, 120], [122, 190], [192, 250]];
  const positive = (x) => Math.max(0, Number(x) || 0);
  const macros = (interests.macro || []).filter((m) => positive(m.strength) > 0);
  const total = macros.reduce((s, m) => s + positive(m.strength), 0);
  if (total <= 0) {
    svg.append(el("svg:text", { x: c, y: c, "text-anchor": "middle" }, "no interests yet"));
    host.append(svg);
    return 0;
  }
  let arcs = 0;
  const legend = $("sunburst-legend");
  // Macro names are drawn after every arc (an arc drawn later would paint over a name's ends) and cut to the room
  // their arc leaves: the chord at mid-radius, less a margin.
  const names = [];
  const addArc = (level, node, r, a0, a1, fill) => {
    if (a1 - a0 < 0.002) return;
    const path = el("svg:path", { d: arcPath(c, c, r[0], r[1], a0, a1), fill, class: `arc arc-${level}`, "data-level": level });
    const share = node.probability !== undefined ? ` · ${(node.probability * 100).toFixed(1)}% of ${level}` : "";
    const label = `${level}: ${node.label || node.title || node.id} — strength ${Number(node.strength).toFixed(3)}${share}`;
    path.append(el("svg:title", {}, label));
    path.addEventListener("mouseenter", () => { legend.textContent = label; });
    svg.append(path);
    arcs++;
    // Label wide macro arcs in place; the rest are named on hover.
    if (level === "macro" && a1 - a0 > 0.35) {
      const mid = (a0 + a1) / 2, rr = (r[0] + r[1]) / 2;
      const room = Math.min(r[1] - r[0], 2 * rr * Math.sin(Math.min(Math.PI / 2, (a1 - a0) / 2))) - 8;
      names.push({ x: c + rr * Math.sin(mid), y: c - rr * Math.cos(mid), room, words: (node.label || "").split(/\s*[·,]\s*|\s+/).filter(Boolean) });
    }
  };
  const drawNames = () => {
    for (const name of names) {
      const text = el("svg:text", { x: name.x.toFixed(1), y: name.y.toFixed(1), class: "macro-name", "data-room": name.room.toFixed(1),
        "text-anchor": "middle", "dominant-baseline": "middle", "font-size": "11", fill: "#fff", "pointer-events": "none" }, "");
      svg.append(text);
      // Whole words while they fit; a single word too long for its arc is cut with an ellipsis.
      let shown = "";
      for (const word of name.words.slice(0, 3)) {
        text.textContent = shown ? `${shown} ${word}` : word;
        if (text.getComputedTextLength() > name.room) break;
        shown = text.textContent;
      }
      if (!shown && name.words.length) {
        for (let n = name.words[0].length - 1; n > 0; n--) {
          text.textContent = name.words[0].slice(0, n) + "…";
          if (text.getComputedTextLength() <= name.room) { shown = text.textContent; break; }
        }
      }
      text.textContent = shown;
      if (!shown) text.remove();
    }
  };
  let angle = 0;
  macros.forEach((macro, i) => {
    const span = (positive(macro.strength) / total) * 2 * Math.PI;
    addArc("macro", macro, rings[0], angle, angle + span, palette(i, 42));
    const mesos = (macro.meso || []).filter((m) => positive(m.strength) > 0);
    const mesoTotal = mesos.reduce((s, m) => s + positive(m.strength), 0);
    let a = angle;
    for (const meso of mesos) {
      const mSpan = mesoTotal > 0 ? (positive(meso.strength) / mesoTotal) * span : 0;
      addArc("meso", meso, rings[1], a, a + mSpan, palette(i, 58));
      const items = (meso.items || []).filter((it) => positive(it.strength) > 0);
      const itemTotal = items.reduce((s, it) => s + positive(it.strength), 0);
      let b = a;
      for (const item of items) {
        const iSpan = itemTotal > 0 ? (positive(item.strength) / itemTotal) * mSpan : 0;
        addArc("item", item, rings[2], b, b + iSpan, palette(i, 74));
        b += iSpan;
      }
      a += mSpan;
    }
    angle += span;
  });
  svg.append(el("svg:text", { x: c, y: c - 6, "text-anchor": "middle", "font-size": "13", "font-weight": "600" }, interests.userId));
  svg.append(el("svg:text", { x: c, y: c + 12, "text-anchor": "middle", "font-size": "11", fill: "#667085" }, `${interests.events} events`));
  // Measuring text needs the SVG in the page.
  host.append(svg);
  drawNames();
  return arcs;
}

// ---------- trend: strength of the top macro interests over the user's history ----------

function renderTrend(trend) {
  const host = $("trend");
  host.replaceChildren();
  const width = 560, height = 260, left = 44, right = 150, top = 12, bottom = 28;
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const times = (trend?.times || []).map((t) => new Date(t).getTime());
  const series = trend?.series || [];
  if (times.length < 2 || series.length === 0) {
    svg.append(el("svg:text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "not enough history for a trend"));
    host.append(svg);
    return;
  }
  const t0 = times[0], t1 = times[times.length - 1];
  const maxValue = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (t) => left + ((t - t0) / Math.max(1, t1 - t0)) * (width - left - right);
  const y = (v) => top + (1 - v / maxValue) * (height - top - bottom);
  svg.append(el("svg:line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: "#98a2b3" }));
  svg.append(el("svg:line", { x1: left, y1: top, x2: left, y2: height - bottom, stroke: "#98a2b3" }));
  const fmt = (t) => new Date(t).toISOString().slice(0, 10);
  svg.append(el("svg:text", { x: left, y: height - 8, "font-size": "10" }, fmt(t0)));
  svg.append(el("svg:text", { x: width - right, y: height - 8, "font-size": "10", "text-anchor": "end" }, fmt(t1)));
  svg.append(el("svg:text", { x: 4, y: top + 8, "font-size": "10" }, maxValue.toFixed(2)));
  // The unit: a strength is a sum of event weights, each halved every half-life (60 days by default).
  svg.append(el("svg:text", { x: 12, y: (top + height - bottom) / 2, "font-size": "10", "text-anchor": "middle", class: "trend-unit",
    transform: `rotate(-90 12 ${(top + height - bottom) / 2})` }, "strength (decayed event weight)"));
  svg.append(el("svg:text", { x: (left + width - right) / 2, y: height - 8, "font-size": "10", "text-anchor": "middle" }, "date (UTC)"));
  series.forEach((s, i) => {
    const d = s.values.map((v, k) => `${k ? "L" : "M"}${x(times[k]).toFixed(1)} ${y(v).toFixed(1)}`).join(" ");
    const color = palette(s.colorIndex ?? i, 45);
    const line = el("svg:path", { d, fill: "none", stroke: color, "stroke-width": 2, class: "trend-line" });
    line.append(el("svg:title", {}, s.label));
    svg.append(line);
    svg.append(el("svg:text", { x: width - right + 6, y: top + 14 + i * 16, fill: color, class: "trend-label" },
      (s.label || String(s.id)).slice(0, 24)));
  });
  host.append(svg);
}

// ---------- recommendations with explanations ----------

function renderRecommendations(list, target) {
  target.replaceChildren();
  for (const rec of list.items || []) {
    const li = el("li", { class: "rec", "data-item": rec.itemId });
    const title = el("span", { class: "rec-title" });
    title.append(itemLink(rec.itemId, rec.title));
    li.append(title);
    li.append(el("span", { class: "rec-score" }, Number(rec.score).toFixed(3)));
    const why = el("div", { class: "rec-why" });
    const ex = rec.explanation || {};
    for (const part of [ex.macro, ex.meso].filter(Boolean)) why.append(el("span", { class: "rec-path" }, part));
    why.append(document.createTextNode(ex.reason || ""));
    if (ex.because?.length) {
      why.append(document.createTextNode(" — because of "));
      why.append(document.createTextNode(ex.because.map((b) => b.title || b.itemId).join(", ")));
    }
    li.append(why);
    target.append(li);
  }
  if (!target.children.length) target.append(el("li", {}, "nothing to recommend"));
}

// ---------- wiring ----------

async function showUser(user) {
  const diversity = $("diversity").value;
  await loadPage(`loading ${user}…`, async () => {
    const id = encodeURIComponent(user);
    const [interests, recs] = await Promise.all([
      api(`/users/${id}/interests`),
      api(`/users/${id}/recommendations?n=10&diversity=${diversity}`),
    ]);
    const arcs = renderSunburst(interests);
    renderTrend(interests.trend);
    renderRecommendations(recs, $("recommendations"));
    setStatus(`user ${user}: ${interests.events} events, ${arcs} arcs, model v${recs.modelVersion}`);
    history.replaceState(null, "", `?user=${id}`);
  });
}

async function loadUserList() {
  try {
    const users = await api("/users?n=100");
    const list = $("user-list");
    for (const u of users.users || []) list.append(el("option", { value: u.id }));
  } catch { /* the list is a convenience; typing an id still works */ }
}

$("user-form").addEventListener("submit", (e) => { e.preventDefault(); showUser($("user-input").value.trim()); });
$("text-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = $("text-input").value.trim();
  if (!text) return;
  try {
    const recs = await api("/recommendations/text", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, n: 10, diversity: Number($("diversity").value) }) });
    renderRecommendations(recs, $("text-recommendations"));
    document.body.dataset.textState = "ready";
  } catch (err) { setStatus(err.message, true); }
});

onKeyEntered(() => {
  loadUserList();
  const user = $("user-input").value.trim();
  if (user) showUser(user);
});

loadUserList();
const initial = new URLSearchParams(location.search).get("user");
if (initial) { $("user-input").value = initial; showUser(initial); }
else setStatus("Pick a user above (type an id or choose from the list), or open /dashboard/?user=ID.");
