// Strata experiments page: every experiment's report (GET /experiments) as tables, with a stop button for the running one.
"use strict";

// Shared helpers ($, el, api, setStatus, onKeyEntered) are in common.js, loaded first.

const percent = (x) => `${(100 * x).toFixed(2)} %`;
const interval = (rate) => `${percent(rate.value)} [${percent(rate.low)}, ${percent(rate.high)}]`;

function table(headings, rows, className) {
  const t = el("table", { class: className });
  const head = el("tr");
  for (const h of headings) head.append(el("th", {}, h));
  t.append(head);
  for (const row of rows) {
    const tr = el("tr");
    for (const cell of row) tr.append(el("td", {}, String(cell)));
    t.append(tr);
  }
  return t;
}

function render(report) {
  const section = el("section", { class: "experiment", "data-id": report.id, "data-status": report.status });
  const title = el("h2", {}, `${report.id} `);
  title.append(el("small", {}, `${report.status}${report.winner ? ` · serving ${report.winner}` : ""} · control ${report.control}`));
  section.append(title);
  section.append(table(["variant", "model", "share", "users", "impressions", "clicks", "CTR (95 %)", "conversions", "conversion rate (95 %)"],
    report.variants.map((v) => [v.name, v.model.kind, percent(v.share), v.users, v.impressions, v.clicks, interval(v.ctr), v.conversions, interval(v.conversionRate)]),
    "variants"));
  section.append(table(["variant", "vs", "metric", "difference (95 %)", "z", "p", "significant"],
    report.comparisons.map((c) => [c.variant, c.against, c.metric, `${percent(c.difference)} [${percent(c.low)}, ${percent(c.high)}]`,
      c.z.toFixed(2), c.pValue.toPrecision(3), c.significant ? "yes" : "no"]),
    "comparisons"));
  section.append(el("p", { class: "test" }, report.test));
  if (report.status === "running") {
    const stop = el("button", { type: "button", class: "stop" }, "Stop and serve the winner");
    stop.addEventListener("click", async () => {
      try {
        await api(`/experiments/${encodeURIComponent(report.id)}/stop`, { method: "POST" });
        await load();
      } catch (e) {
        setStatus(e.message, true);
      }
    });
    section.append(stop);
  }
  return section;
}

async function load() {
  await loadPage(null, async () => {
    const { experiments } = await api("/experiments");
    const main = $("experiments");
    main.replaceChildren(...experiments.map(render));
    if (experiments.length === 0) main.append(el("p", {}, "No experiments yet: POST /experiments or set Strata:Experiments."));
    setStatus("");
  });
}

onKeyEntered(load);

load();
