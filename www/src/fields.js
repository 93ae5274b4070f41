// Form fields that know the validation path they stand for (`data-path`), so the issues the
// package reports (`issue.path`, e.g. `content.quick_replies[0].title`) can be shown at them.

import { h, nextId, chars, bytes, $$ } from "./dom.js";

/**
 * A labelled input. `path` is the issue path of the value; `limit` + `unit` ("chars" or
 * "bytes") show a live counter; `onInput(value)` is called on every keystroke.
 */
export function field({ label, path, value = "", onInput, kind = "input", options, placeholder, hint, limit, unit = "chars", disabled, type = "text", name, rows = 3, testId, mono }) {
  const id = nextId();
  let control;
  const common = {
    id,
    name: name ?? path,
    disabled,
    "data-testid": testId,
    "aria-describedby": `${id}-issues`,
  };
  if (kind === "select") {
    control = h(
      "select",
      common,
      options.map(([v, text]) => h("option", { value: v, ".selected": v === value }, text)),
    );
  } else if (kind === "textarea") {
    control = h("textarea", { ...common, class: mono ? "mono" : undefined, rows, placeholder, spellcheck: "false", ".value": value });
  } else {
    control = h("input", { ...common, type, placeholder, spellcheck: "false", autocomplete: "off", ".value": value });
  }
  const counter = limit ? h("span", { class: "counter", "aria-live": "off" }) : null;
  const measure = unit === "bytes" ? bytes : chars;
  const updateCounter = () => {
    if (!counter) return;
    const n = measure(control.value);
    counter.textContent = `${n}/${limit}${unit === "bytes" ? " bytes" : ""}`;
    counter.classList.toggle("over", n > limit);
  };
  updateCounter();
  control.addEventListener(kind === "select" ? "change" : "input", () => {
    updateCounter();
    onInput?.(control.value);
  });
  const meta = hint || counter ? h("div", { class: "field-meta" }, hint ? h("span", { class: "hint", text: hint }) : null, counter) : null;
  return h(
    "div",
    { class: "field", dataset: { path } },
    h("label", { for: id, text: label }),
    control,
    meta,
    h("ul", { class: "issue-slot", id: `${id}-issues`, "aria-live": "polite" }),
  );
}

/** A group of fields (a fieldset) that also takes the issues of its path. */
export function group({ legend, path, actions, className = "" }, ...children) {
  return h(
    "fieldset",
    { class: `group ${className}`.trim(), dataset: { path } },
    legend ? h("legend", {}, h("span", { text: legend }), actions ? h("span", { class: "legend-actions" }, actions) : null) : null,
    h("ul", { class: "issue-slot" }),
    children,
  );
}

/** A set of buttons behaving as radio buttons ("segmented control"). */
export function segmented({ label, value, options, onChange, name, small }) {
  return h(
    "div",
    { class: `segmented${small ? " small" : ""}`, role: "radiogroup", "aria-label": label },
    options.map(([v, text]) =>
      h("button", {
        type: "button",
        role: "radio",
        "aria-checked": String(v === value),
        "data-value": v,
        "data-group": name,
        text,
        on: { click: () => v !== value && onChange(v) },
      }),
    ),
  );
}

/** An issue path with line-break opportunities after its dots and before its brackets. */
export function breakablePath(path) {
  const parts = path.split(/(?<=\.)|(?=\[)/);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [h("wbr"), part]));
}

/** Drops a segment from an issue path: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``. */
export function parentPath(path) {
  const m = /^(.*?)(\[\d+\]|\.[^.[\]]+)$/.exec(path);
  if (m) return m[1];
  return "";
}

/**
 * Shows each issue at the element whose `data-path` is its path, or the nearest enclosing one
 * (`content.attachment.payload` falls back to `content.attachment`); issues of paths no form
 * element stands for go to the root (`data-path=""`). Returns the issues with the element
 * each was shown at.
 */
export function showIssues(root, issues) {
  for (const el of $$("[data-path]", root)) {
    el.classList.remove("has-issue");
    const slot = el.querySelector(":scope > .issue-slot");
    slot?.replaceChildren();
  }
  const byPath = new Map($$("[data-path]", root).map((el) => [el.dataset.path, el]));
  return issues.map((issue) => {
    let path = issue.path;
    let el = byPath.get(path);
    while (!el && path !== "") {
      path = parentPath(path);
      el = byPath.get(path);
    }
    if (el) {
      el.classList.add("has-issue");
      const slot = el.querySelector(":scope > .issue-slot");
      const exact = path === issue.path;
      slot?.append(
        h(
          "li",
          { class: "issue-msg", dataset: { code: issue.code } },
          exact ? null : h("code", { text: issue.path || "(body)" }),
          exact ? null : " ",
          issue.message,
        ),
      );
    }
    return { issue, el };
  });
}
