// dom.js: small DOM helpers and the colours of node types. Text always goes
// in as text nodes, never as HTML.
import { typeIcon } from "./shapes.js";

// Every node type the API returns, with a fixed colour, so a type keeps its
// colour whatever subset of the graph is on screen. Each has a contrast of
// at least 3:1 against white (WCAG 2.1, 1.4.11), and each type has a shape
// of its own as well (shapes.js), so that colour is never the only sign.
export const TYPE_COLOURS = {
  Organisation: "#3b6ea8",
  Person: "#c05a00",
  Territory: "#3d7d33",
  Treaty: "#c62f33",
  Document: "#8a6246",
  Article: "#2a7f7a",
  Signature: "#8c7400",
  Commitment: "#8e5b8a",
  CommitmentType: "#c2456b",
};
export const UNKNOWN_COLOUR = "#7a716c";

export function typeColour(type) {
  return TYPE_COLOURS[type] || UNKNOWN_COLOUR;
}

// DATASETS: the linked datasets (the API's node.dataset), each with its
// short name and one colour for its records, apart from the types'.
export const DATASETS = {
  "cow-states": { name: "COW", colour: "#1b7837" },
  atop: { name: "ATOP", colour: "#8c510a" },
  "hsg-people": { name: "Office of the Historian", colour: "#2166ac" },
  pocom: { name: "Office of the Historian (POCOM)", colour: "#5e3c99" },
  archigos: { name: "Archigos", colour: "#b2182b" },
};

// nodeColour is the colour of a node: its dataset's for a record, else its
// type's.
export function nodeColour(node) {
  const d = node && DATASETS[node.dataset];
  return d ? d.colour : typeColour(node && node.type);
}

// kindOf names what a node is: its type, or its dataset for a record of
// no type of the graph's.
export function kindOf(node) {
  const d = node && DATASETS[node.dataset];
  if (d && !node.type) return `${d.name} record`;
  return (node && node.type) || "other";
}

export const $ = (selector) => document.querySelector(selector);

// el builds an element: attributes (on* keys add listeners) then children;
// null, undefined and false children are left out, arrays are flattened.
// style is set through the CSSOM, which the server's Content-Security-Policy
// allows where it refuses style attributes.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "style") node.style.cssText = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// webURL is url when it is an absolute http or https URL, else null: data
// (a document's URL, an identifier, a property) may hold anything, and a
// link to "javascript:…" runs script in the page when opened.
export function webURL(url) {
  if (typeof url !== "string") return null;
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return u.protocol === "http:" || u.protocol === "https:" ? url : null;
}

// link is a link to url that opens in a new tab, or text when url is not a
// web URL (webURL). Every link the explorer makes from data is one.
export function link(url, attrs, ...children) {
  if (children.length === 0) children = [String(url)];
  if (!webURL(url)) return el("span", { class: attrs.class || null }, ...children);
  return el("a", { ...attrs, href: url, target: "_blank", rel: "noopener noreferrer" }, ...children);
}

export function showError(err) {
  const box = $("#error");
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

export function clearError() {
  const box = $("#error");
  box.hidden = true;
  box.textContent = "";
}

export function setStatus(text) {
  $("#status").textContent = text;
}

export function shorten(text, max) {
  const chars = Array.from(text || "");
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}

export function typeBadge(type) {
  return el("span", { class: "type" }, typeIcon(type), type || "other");
}

// entityButton is a button that selects the entity {id, name, type}.
export function entityButton(node, select) {
  return el("button", { type: "button", class: "entity", "data-id": node.id, "data-type": node.type, "data-dataset": node.dataset || null, title: node.name || node.id, onclick: () => select(node.id) },
    typeIcon(node.type, { colour: nodeColour(node) }),
    node.name || node.id);
}

export function articleName(number) {
  if (!number) return "";
  return number === "preamble" ? "Preamble" : `Article ${number}`;
}

// download offers blob to the user as a file called name.
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
