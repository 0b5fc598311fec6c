// Role and accessible-name queries that see through open shadow roots.
// Prepended to every script the DOM helpers run; the widget renders inside
// <magic-link-login>'s shadow root, where document.querySelector cannot look.

function squash(text) {
  return (text || "").replace(/\s+/g, " ").trim();
}

// innerText follows CSS (hidden descendants drop out); for an element that is
// not rendered it falls back to textContent.
function textOf(el) {
  return squash(el.innerText !== undefined ? el.innerText : el.textContent);
}

function visible(el) {
  return el.checkVisibility
    ? el.checkVisibility({ visibilityProperty: true })
    : el.getClientRects().length > 0;
}

// Every element of the document and of every open shadow root, in tree order
// (a shadow root's contents right after its host).
function allElements() {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}

const TEXTBOX_TYPES = ["", "text", "email", "search", "tel", "url"];
const BUTTON_TYPES = ["button", "submit", "reset", "image"];

function inputType(el) {
  return (el.getAttribute("type") || "").toLowerCase();
}

function roleOf(el) {
  const explicit = squash(el.getAttribute("role"));
  if (explicit) return explicit.split(" ")[0];
  const tag = el.localName;
  if (tag === "input") {
    if (TEXTBOX_TYPES.includes(inputType(el))) return "textbox";
    if (BUTTON_TYPES.includes(inputType(el))) return "button";
    return null;
  }
  if (tag === "textarea") return "textbox";
  if (tag === "button") return "button";
  if (/^h[1-6]$/.test(tag)) return "heading";
  if (tag === "output") return "status";
  if (tag === "a" && el.hasAttribute("href")) return "link";
  return null;
}

// A simplified accessible name: aria-label, aria-labelledby, <label>, then
// the control's own text.
function nameOf(el) {
  const ariaLabel = squash(el.getAttribute("aria-label"));
  if (ariaLabel) return ariaLabel;
  const root = el.getRootNode();
  const labelledBy = squash(el.getAttribute("aria-labelledby"));
  if (labelledBy && root.getElementById) {
    const text = labelledBy
      .split(" ")
      .map((id) => root.getElementById(id))
      .filter(Boolean)
      .map(textOf)
      .join(" ");
    if (squash(text)) return squash(text);
  }
  const labels = Array.from(el.labels || []);
  if (labels.length === 0 && el.id && root.querySelector) {
    const byFor = root.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (byFor) labels.push(byFor);
  }
  if (labels.length === 0 && el.closest("label")) labels.push(el.closest("label"));
  if (labels.length > 0) return squash(labels.map(textOf).join(" "));
  if (el.localName === "input") {
    if (BUTTON_TYPES.includes(inputType(el))) return squash(el.value);
    return squash(el.getAttribute("title") || el.getAttribute("placeholder"));
  }
  if (el.localName === "textarea") {
    return squash(el.getAttribute("title") || el.getAttribute("placeholder"));
  }
  return textOf(el);
}

// Visible elements with `role` whose name contains `name` (case-sensitive, so
// "Send" does not match "Resend").
function findAllByRole(role, name) {
  return allElements().filter(
    (el) => roleOf(el) === role && visible(el) && nameOf(el).includes(name || ""),
  );
}

function findByRole(role, name) {
  return findAllByRole(role, name)[0] || null;
}

// What a person reads in the element: a textbox's value, else its text.
function textOfRole(role) {
  const el = findByRole(role, "");
  if (!el) return null;
  return roleOf(el) === "textbox" ? el.value : textOf(el);
}

function isDisabled(el) {
  return el.disabled === true || el.getAttribute("aria-disabled") === "true";
}

// For failure messages: every visible element that has a role.
function describeRoles() {
  return allElements()
    .filter((el) => roleOf(el) && visible(el))
    .map((el) => `${roleOf(el)} "${nameOf(el)}"${isDisabled(el) ? " (disabled)" : ""}`);
}

// document.activeElement, descending into shadow roots' active elements.
function describeActiveElement() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) {
    el = el.shadowRoot.activeElement;
  }
  if (!el || el === document.body) return "body";
  return `${el.localName} "${nameOf(el)}"`;
}

// Visible text of the page, shadow roots included: one line per block, inline
// elements joined without separators (so "Resend in <b>27</b>s" reads
// "Resend in 27s").
function pageText() {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (!parent || getComputedStyle(parent).visibility !== "hidden") parts.push(node.data);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      if (node.nodeType === Node.DOCUMENT_FRAGMENT_NODE) node.childNodes.forEach(walk);
      return;
    }
    const tag = node.localName;
    if (["script", "style", "template", "noscript", "head"].includes(tag)) return;
    const display = getComputedStyle(node).display;
    if (display === "none") return;
    const block = !display.startsWith("inline") && display !== "contents";
    if (block || tag === "br") parts.push("\n");
    if (tag === "input" && BUTTON_TYPES.includes(inputType(node))) parts.push(node.value);
    if (node.shadowRoot) {
      walk(node.shadowRoot);
    } else if (tag === "slot") {
      const assigned = node.assignedNodes();
      (assigned.length > 0 ? assigned : Array.from(node.childNodes)).forEach(walk);
    } else {
      node.childNodes.forEach(walk);
    }
    if (block) parts.push("\n");
  };
  walk(document.body || document.documentElement);
  return parts.join("").split("\n").map(squash).filter(Boolean).join("\n");
}
