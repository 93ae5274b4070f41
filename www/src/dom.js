// A few DOM helpers: enough to build the page without a framework.

/**
 * Creates an element. `props`: attributes, plus `class`, `text`, `dataset`, `on` (event
 * listeners) and DOM properties written as `.name` (e.g. `{ ".value": "x" }`).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key.startsWith(".")) el[key.slice(1)] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Pretty JSON (Dates as ISO strings, like JSON.stringify). */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

let uid = 0;
/** A unique id for label/input pairs. */
export function nextId(prefix = "f") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Unicode characters (code points), as the validator counts titles. */
export function chars(s) {
  return [...s].length;
}

const encoder = new TextEncoder();
/** UTF-8 bytes, as the validator counts texts. */
export function bytes(s) {
  return encoder.encode(s).length;
}
