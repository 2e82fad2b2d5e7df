// Strata overview: catalogue and event counts, events per minute, the serving model and the refit status (GET /overview),
// with the interest tree's macro nodes and the most popular items linking to their pages.
"use strict";

function card(label, value, note, key) {
  const div = el("div", { class: "card", "data-key": key });
  div.append(el("div", { class: "card-value" }, value));
  div.append(el("div", { class: "card-label" }, label));
  if (note) div.append(el("div", { class: "card-note" }, note));
  return div;
}

function renderCounts(o) {
  const perMinute = o.events.perMinute;
  $("counts").replaceChildren(
    card("items", number(o.catalogue.items), o.catalogue.hiddenItems ? `${number(o.catalogue.hiddenItems)} hidden` : "none hidden", "items"),
    card("users", number(o.catalogue.users), null, "users"),
    card("events in the log", number(o.events.total), o.events.first ? `${o.events.first.slice(0, 10)} → ${o.events.last.slice(0, 10)}` : "none yet", "events"),
    card("events / minute", perMinute.toFixed(perMinute < 10 ? 1 : 0), `5-minute mean · ${number(o.events.committedSinceStart)} since start`, "rate"),
    card("model", o.model ? `v${o.model.version}` : "—", o.model ? o.model.kind : "not fitted yet", "model"),
    card("refit", o.refit.state, o.refit.intervalSeconds ? `every ${Math.round(o.refit.intervalSeconds / 60)} min` : "on demand (POST /admin/refit)", "refit"));
}

// Bars per minute, oldest left; the last bar is the minute under way.
function renderRate(events) {
  const host = $("rate");
  host.replaceChildren();
  const width = 560, height = 200, left = 40, right = 10, top = 10, bottom = 34;
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "events committed per minute" });
  const counts = events.minutes;
  const max = Math.max(1, ...counts);
  const slot = (width - left - right) / counts.length;
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  svg.append(el("svg:line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: "#98a2b3" }));
  svg.append(el("svg:line", { x1: left, y1: top, x2: left, y2: height - bottom, stroke: "#98a2b3" }));
  svg.append(el("svg:text", { x: left - 4, y: top + 8, "font-size": "10", "text-anchor": "end" }, number(max)));
  svg.append(el("svg:text", { x: left - 4, y: height - bottom, "font-size": "10", "text-anchor": "end" }, "0"));
  const start = new Date(events.minutesStart).getTime();
  counts.forEach((count, k) => {
    const bar = el("svg:rect", { x: (left + k * slot + 1).toFixed(1), y: y(count).toFixed(1), width: Math.max(1, slot - 2).toFixed(1),
      height: (height - bottom - y(count)).toFixed(1), class: "rate-bar", fill: k === counts.length - 1 ? "#98a8ff" : "#3d5afe", "data-count": count });
    const minute = new Date(start + k * 60_000).toISOString().slice(11, 16);
    bar.append(el("svg:title", {}, `${minute} UTC: ${count} events`));
    svg.append(bar);
    if (k % 5 === 0 || k === counts.length - 1)
      svg.append(el("svg:text", { x: (left + (k + 0.5) * slot).toFixed(1), y: height - bottom + 14, "font-size": "10", "text-anchor": "middle" }, minute));
  });
  svg.append(el("svg:text", { x: (left + width - right) / 2, y: height - 4, "font-size": "10", "text-anchor": "middle", class: "rate-unit" },
    "minute (UTC) · events committed per minute"));
  host.append(svg);
}

function facts(target, rows) {
  target.replaceChildren();
  for (const [term, value, key] of rows) {
    target.append(el("dt", {}, term));
    target.append(el("dd", { "data-key": key }, value));
  }
}

function renderModel(o) {
  const m = o.model;
  facts($("model"), m ? [
    ["version", `v${m.version} (${m.kind})`, "version"],
    ["fitted", m.fromSavedModel ? `read from the saved file at ${utc(m.fittedAt)}` : utc(m.fittedAt), "fitted-at"],
    ["fit time", m.fitSeconds !== null && m.fitSeconds !== undefined ? `${m.fitSeconds.toFixed(1)} s` : "—", "fit-seconds"],
    ["fitted through", `event #${number(m.fittedThrough)} (log at #${number(m.logAt)})`, "fitted-through"],
    ["serves", `${number(m.items)} items · ${number(m.users)} users · ${m.macroNodes} macro / ${m.mesoNodes} meso nodes`, "serves"],
  ] : [["version", "no model yet: the first fit is running or failed", "version"]]);
  const r = o.refit;
  facts($("refit"), [
    ["refit", r.state, "refit-state"],
    ...(r.startedAt ? [["running since", utc(r.startedAt), "refit-started"]] : []),
    ["last finished", utc(r.lastFinishedAt), "refit-finished"],
    ["schedule", r.intervalSeconds ? `every ${Math.round(r.intervalSeconds / 60)} min` : "on demand (POST /admin/refit)", "refit-interval"],
    ...(r.lastError ? [["last error", `${r.lastError} (${utc(r.lastErrorAt)})`, "refit-error"]] : []),
  ]);
  document.body.dataset.refit = r.state;
}

function renderTypes(events) {
  const table = $("types");
  table.replaceChildren();
  const head = el("tr");
  head.append(el("th", {}, "type"), el("th", { class: "num" }, "events"), el("th", { class: "num" }, "share"));
  table.append(head);
  for (const [type, count] of Object.entries(events.byType)) {
    const tr = el("tr", { "data-type": type });
    tr.append(el("td", {}, type), el("td", { class: "num" }, number(count)),
      el("td", { class: "num" }, `${(100 * count / Math.max(1, events.total)).toFixed(1)} %`));
    table.append(tr);
  }
}

function renderMacros(taxonomy) {
  const list = $("macros");
  list.replaceChildren();
  const macros = [...taxonomy.macro].sort((a, b) => b.events - a.events);
  const max = Math.max(1, ...macros.map((m) => m.events));
  for (const macro of macros) {
    const li = el("li", { "data-node": macro.id });
    const bar = el("span", { class: "bar", style: `width:${(100 * macro.events / max).toFixed(1)}%;background:${palette(macro.id, 55)}` });
    li.append(el("a", { href: nodeHref(macro.id), class: "bar-label" }, macro.label), bar,
      el("span", { class: "bar-note" }, `${number(macro.events)} events · ${number(macro.size)} items`));
    list.append(li);
  }
}

function renderPopular(list) {
  const target = $("popular");
  target.replaceChildren();
  for (const item of list.items) {
    const li = el("li", { class: "popular" });
    li.append(itemLink(item.itemId, item.title), el("span", { class: "muted" }, ` · ${number(item.events)} events`));
    target.append(li);
  }
  if (!list.items.length) target.append(el("li", {}, "no events yet"));
}

async function load() {
  await loadPage("loading…", async () => {
    const overview = await api("/overview");
    renderCounts(overview);
    renderRate(overview.events);
    renderModel(overview);
    renderTypes(overview.events);
    // The tree and the popular list need a serving model; before it, the counts still show.
    if (overview.model) {
      const [taxonomy, popular] = await Promise.all([api("/taxonomy?samples=0"), api("/popular?n=12")]);
      renderMacros(taxonomy);
      renderPopular(popular);
    }
    setStatus(`as of ${utc(new Date().toISOString())}`);
  });
}

onKeyEntered(load);
load();
