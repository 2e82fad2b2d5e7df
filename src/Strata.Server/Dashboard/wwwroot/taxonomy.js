// Strata taxonomy browser: the interest tree (GET /taxonomy) as macro cards, each listing its meso nodes with label, size,
// positive events and sample items (links to the item pages). ?node=ID marks a macro or meso node and scrolls to it.
"use strict";

// One horizontal strip, a segment per macro node, width ∝ items under it.
function renderStrip(taxonomy) {
  const host = $("strip");
  host.replaceChildren();
  const width = 1000, height = 46;
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "macro nodes by size" });
  const total = Math.max(1, taxonomy.macro.reduce((s, m) => s + m.size, 0));
  let x = 0;
  for (const macro of taxonomy.macro) {
    const w = (macro.size / total) * width;
    const link = el("svg:a", { href: nodeHref(macro.id) });
    const rect = el("svg:rect", { x: x.toFixed(1), y: 0, width: Math.max(0, w - 2).toFixed(1), height, rx: 4, fill: palette(macro.id, 48), class: "strip-node" });
    rect.append(el("svg:title", {}, `${macro.label}: ${macro.size} items`));
    link.append(rect);
    // Only segments wide enough for a readable name are labelled; the cards below name every node.
    if (w > 70) {
      const name = macro.label.length * 6.5 > w - 10 ? macro.label.slice(0, Math.max(3, Math.floor((w - 10) / 6.5) - 1)) + "…" : macro.label;
      link.append(el("svg:text", { x: (x + w / 2).toFixed(1), y: height / 2 + 4, "text-anchor": "middle", "font-size": "11", fill: "#fff", "pointer-events": "none" }, name));
    }
    svg.append(link);
    x += w;
  }
  host.append(svg);
}

function terms(node) {
  return node.terms?.length ? node.terms.slice(0, 6).join(", ") : "";
}

function renderMacro(macro, maxMesoSize) {
  const card = el("section", { class: "macro", id: `node-${macro.id}`, "data-node": macro.id, style: `border-top: 4px solid ${palette(macro.id, 48)}` });
  const title = el("h2", {}, macro.label);
  title.append(el("small", {}, ` · ${number(macro.size)} items · ${number(macro.events)} events`));
  card.append(title);
  if (terms(macro)) card.append(el("p", { class: "terms" }, terms(macro)));
  const list = el("ul", { class: "mesos" });
  for (const meso of macro.meso) {
    const li = el("li", { class: "meso", id: `node-${meso.id}`, "data-node": meso.id });
    const head = el("div", { class: "meso-head" });
    head.append(el("span", { class: "meso-label" }, meso.label),
      el("span", { class: "meso-size" }, `${number(meso.size)} items · ${number(meso.events)} events`));
    li.append(head);
    li.append(el("span", { class: "size-bar", style: `width:${(100 * meso.size / maxMesoSize).toFixed(1)}%;background:${palette(macro.id, 68)}` }));
    const samples = el("div", { class: "samples" });
    for (const item of meso.samples) samples.append(itemLink(item.itemId, item.title));
    if (!meso.samples.length) samples.append(el("span", { class: "muted" }, "no visible items"));
    li.append(samples);
    list.append(li);
  }
  card.append(list);
  return card;
}

async function load() {
  await loadPage("loading…", async () => {
    const taxonomy = await api("/taxonomy?samples=4");
    renderStrip(taxonomy);
    const maxMesoSize = Math.max(1, ...taxonomy.macro.flatMap((m) => m.meso.map((s) => s.size)));
    $("macros").replaceChildren(...taxonomy.macro.map((m) => renderMacro(m, maxMesoSize)));
    const mesoCount = taxonomy.macro.reduce((s, m) => s + m.meso.length, 0);
    setStatus(`model v${taxonomy.modelVersion}: ${number(taxonomy.items)} items in ${taxonomy.macro.length} macro and ${mesoCount} meso nodes`);
    const wanted = new URLSearchParams(location.search).get("node");
    const target = wanted !== null ? document.getElementById(`node-${wanted}`) : null;
    if (target) {
      target.classList.add("selected");
      target.scrollIntoView({ block: "center" });
    }
  });
}

onKeyEntered(load);
load();
