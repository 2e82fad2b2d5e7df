// Strata dashboard, shared by every page: element building (text is always set as text, never parsed as HTML), the API
// call with the key, the key form, the status line and the page navigation. Plain scripts, no build step, no external assets.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

// An element ("svg:rect" for SVG) with attributes and text; text goes in as a text node, so names from the catalogue
// ("<b>", "&", quotes) show as written and can never inject markup.
function el(tag, attrs = {}, text) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// For the few places that build a string of markup: the five characters HTML gives meaning to, escaped.
function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
}

function setStatus(text, isError = false) {
  const s = $("status");
  if (!s) return;
  s.textContent = text;
  s.className = isError ? "error" : "";
}

// A person's data (users, their interests and recommendations) is read with the API key by default; aggregate pages need
// it only when the server requires it for every read. The key is kept for this browser tab only (sessionStorage) and sent
// as X-Api-Key; a 401 opens the key form of the page.
const KEY = "strataApiKey";

async function api(path, options = {}) {
  const headers = { "Accept": "application/json", ...(options.headers || {}) };
  const key = sessionStorage.getItem(KEY);
  if (key) headers["X-Api-Key"] = key;
  const response = await fetch(path, { ...options, headers });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (response.status === 401) {
    const form = $("key-form");
    if (form) { form.hidden = false; $("key-input")?.focus(); }
    throw new Error("This server needs its API key for this: enter it above.");
  }
  if (!response.ok) throw new Error(body?.detail || body?.title || `${response.status} ${response.statusText}`);
  return body;
}

// Wires the page's key form: the key is stored for the tab, the form hides, and the page loads again.
// One load of a page: body[data-state] goes loading → ready, or → error with the message in the status line (what the
// page tests wait for). `work` renders the page and sets its own status text.
async function loadPage(loadingText, work) {
  document.body.dataset.state = "loading";
  if (loadingText) setStatus(loadingText);
  try {
    await work();
    document.body.dataset.state = "ready";
  } catch (e) {
    setStatus(e.message, true);
    document.body.dataset.state = "error";
  }
}

function onKeyEntered(reload) {
  const form = $("key-form");
  if (!form) return;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $("key-input").value);
    $("key-input").value = "";
    form.hidden = true;
    setStatus("key set");
    reload();
  });
}

// Links between the pages; the current one is marked.
const PAGES = [["overview.html", "Overview"], ["taxonomy.html", "Taxonomy"], ["./", "Users"], ["experiments.html", "Experiments"]];

function renderNav() {
  const nav = $("nav");
  if (!nav) return;
  const here = location.pathname.split("/").pop() || "./";
  for (const [href, label] of PAGES) {
    const current = href === here || (href === "./" && here === "index.html");
    nav.append(el("a", { href, "aria-current": current ? "page" : undefined }, label));
  }
}

const itemHref = (id) => `item.html?id=${encodeURIComponent(id)}`;
const nodeHref = (id) => `taxonomy.html?node=${encodeURIComponent(id)}`;

// A link to an item's page, showing its title.
function itemLink(id, title, attrs = {}) {
  return el("a", { href: itemHref(id), class: "item-link", "data-item": id, ...attrs }, title || id);
}

const palette = (i, lightness) => `hsl(${(i * 137.5) % 360}, 55%, ${lightness}%)`;
const number = (x) => Number(x ?? 0).toLocaleString("en-US");
const utc = (t) => t ? new Date(t).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—";

renderNav();
