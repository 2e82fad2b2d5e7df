// Strata item page (?id=): the item as stored, its place in the interest tree (macro › meso, linked to the taxonomy
// browser), the items closest in meaning, and other items of its meso node.
"use strict";

function renderItem(response) {
  const item = response.item;
  $("item-title").textContent = item.title || item.id;
  document.title = `Strata — ${item.title || item.id}`;
  const path = $("item-path");
  path.replaceChildren();
  const placement = response.placement;
  if (placement) {
    path.append(el("a", { href: "taxonomy.html" }, "Taxonomy"), document.createTextNode(" › "),
      el("a", { href: nodeHref(placement.macroId), class: "rec-path", "data-node": placement.macroId }, placement.macro),
      document.createTextNode(" › "),
      el("a", { href: nodeHref(placement.mesoId), class: "rec-path", "data-node": placement.mesoId }, placement.meso));
  } else {
    path.append(el("span", { class: "muted" }, "not placed yet: no model is serving"));
  }
  const facts = $("item-facts");
  facts.replaceChildren();
  const rows = [["id", item.id], ["categories", (item.categories || []).join(", ") || "—"], ["tags", (item.tags || []).join(", ") || "—"]];
  if (response.hidden) rows.push(["hidden", "yes: never recommended or listed"]);
  for (const [k, v] of Object.entries(item.attributes || {})) rows.push([k, v]);
  for (const [term, value] of rows) facts.append(el("dt", {}, term), el("dd", { "data-key": term }, value));
  const text = $("item-text");
  text.replaceChildren();
  for (const [field, value] of Object.entries(item.text || {})) {
    text.append(el("h3", {}, field), el("p", {}, value));
  }
}

function renderSimilar(similar) {
  const list = $("similar");
  list.replaceChildren();
  for (const s of similar.items) {
    const li = el("li", { class: "similar" });
    li.append(itemLink(s.itemId, s.title), el("span", { class: "rec-score" }, Number(s.score).toFixed(3)));
    list.append(li);
  }
  if (!similar.items.length) list.append(el("li", {}, "nothing similar"));
}

// Other items of the same meso node: the taxonomy's samples for it (most popular first), this item left out.
function renderSiblings(taxonomy, placement, itemId) {
  const host = $("siblings");
  host.replaceChildren();
  const meso = taxonomy.macro.flatMap((m) => m.meso).find((m) => m.id === placement.mesoId);
  $("siblings-node").textContent = meso ? `${placement.macro} › ${meso.label} · ${number(meso.size)} items` : "";
  for (const s of (meso?.samples || []).filter((s) => s.itemId !== itemId).slice(0, 8)) host.append(itemLink(s.itemId, s.title));
  if (!host.children.length) host.append(el("span", { class: "muted" }, "no other items shown"));
}

async function show(id) {
  await loadPage(`loading ${id}…`, async () => {
    const encoded = encodeURIComponent(id);
    const item = await api(`/items/${encoded}`);
    renderItem(item);
    $("item-api").href = `/items/${encoded}`;
    const [similar, taxonomy] = await Promise.all([
      api(`/items/${encoded}/similar?n=10`),
      item.placement ? api("/taxonomy?samples=10") : Promise.resolve(null),
    ]);
    renderSimilar(similar);
    if (taxonomy) renderSiblings(taxonomy, item.placement, id);
    history.replaceState(null, "", `?id=${encoded}`);
    setStatus(`model v${similar.modelVersion}`);
  });
}

$("item-form").addEventListener("submit", (e) => { e.preventDefault(); show($("item-input").value.trim()); });
onKeyEntered(() => { const id = $("item-input").value.trim(); if (id) show(id); });

const initial = new URLSearchParams(location.search).get("id");
if (initial) { $("item-input").value = initial; show(initial); }
else setStatus("Type an item id above, or follow a link from the overview, the taxonomy or a user's recommendations.");
