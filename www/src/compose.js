// The composer: a form per content model (Meta-style and Hub-normalized) and a raw JSON editor.
// The form state turns into a send body (`message()`); the page validates that body on every
// input and shows each issue at the field its path names.

import { h, replace, pretty } from "./dom.js";
import { field, group, segmented } from "./fields.js";

const LIMITS = { text: 1000, title: 20, templateText: 640, quickReplies: 13, buttons: 3, replyId: 256 };

export const MODELS = [
  ["meta", "Meta-style"],
  ["hub", "Hub-normalized"],
  ["raw", "Raw JSON"],
];

function defaultMeta() {
  return {
    kind: "text",
    text: "Hi! How can we help you today?",
    quickReplies: [
      { content_type: "text", title: "Support", payload: "SUPPORT" },
      { content_type: "text", title: "Sales", payload: "SALES" },
    ],
    attachment: { type: "image", url: "https://example.com/images/catalogue.jpg" },
    template: {
      text: "What would you like to do?",
      buttons: [
        { type: "web_url", title: "Open our site", url: "https://example.com", payload: "" },
        { type: "postback", title: "Talk to a human", url: "", payload: "HUMAN" },
      ],
    },
  };
}

function defaultHub() {
  return {
    kind: "media",
    text: "Here is this week's catalogue",
    media: "imageUrl",
    url: "https://example.com/images/catalogue.jpg",
    interactive: {
      body: "How can we help you?",
      buttons: [
        { id: "SUPPORT", title: "Support" },
        { id: "SALES", title: "Sales" },
      ],
    },
  };
}

export function createComposer({ from, to, onChange }) {
  const state = { model: "meta", from, to, meta: defaultMeta(), hub: defaultHub(), raw: "", rawError: null };
  const root = h("div", { class: "composer" });
  const changed = () => onChange();
  const rerender = () => {
    render();
    onChange();
  };

  // ------------------------------------------------------------------ state → body
  function metaContent(m) {
    if (m.kind === "text") {
      const content = { text: m.text };
      if (m.quickReplies.length > 0) {
        content.quick_replies = m.quickReplies.map((q) =>
          q.content_type === "text" ? { content_type: "text", title: q.title, payload: q.payload } : { content_type: q.content_type },
        );
      }
      return content;
    }
    if (m.kind === "attachment") {
      return { attachment: { type: m.attachment.type, payload: { url: m.attachment.url } } };
    }
    return {
      attachment: {
        type: "template",
        payload: {
          template_type: "button",
          text: m.template.text,
          buttons: m.template.buttons.map((b) =>
            b.type === "web_url" ? { type: "web_url", title: b.title, url: b.url } : { type: "postback", title: b.title, payload: b.payload },
          ),
        },
      },
    };
  }

  function hubContent(s) {
    if (s.kind === "interactive") {
      return {
        interactive: {
          type: "button",
          body: { text: s.interactive.body },
          action: { buttons: s.interactive.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) },
        },
      };
    }
    const content = {};
    // Keep an empty text when there is nothing else, so its issue shows at the text field.
    if (s.text !== "" || s.media === "none") content.text = s.text;
    if (s.media !== "none") content[s.media] = s.url;
    return content;
  }

  /** `{ message }` (the object to validate and send) or `{ syntaxError }` for unparsable raw JSON. */
  function message() {
    if (state.model === "raw") {
      try {
        return { message: JSON.parse(state.raw) };
      } catch (e) {
        return { syntaxError: e.message };
      }
    }
    const content = state.model === "meta" ? metaContent(state.meta) : hubContent(state.hub);
    return { message: { from: state.from, to: state.to, content } };
  }

  // ------------------------------------------------------------------ body → state (raw → forms)
  function metaFrom(content) {
    const m = defaultMeta();
    const keys = Object.keys(content);
    if (typeof content.text === "string" && keys.every((k) => k === "text" || k === "quick_replies")) {
      m.kind = "text";
      m.text = content.text;
      m.quickReplies = (Array.isArray(content.quick_replies) ? content.quick_replies : []).map((q) => ({
        content_type: String(q?.content_type ?? "text"),
        title: String(q?.title ?? ""),
        payload: String(q?.payload ?? ""),
      }));
      return m;
    }
    const a = content.attachment;
    if (keys.length === 1 && a && typeof a === "object") {
      if (a.type === "template" && a.payload?.template_type === "button") {
        m.kind = "template";
        m.template.text = String(a.payload.text ?? "");
        m.template.buttons = (Array.isArray(a.payload.buttons) ? a.payload.buttons : []).map((b) => ({
          type: b?.type === "web_url" ? "web_url" : "postback",
          title: String(b?.title ?? ""),
          url: String(b?.url ?? ""),
          payload: String(b?.payload ?? ""),
        }));
        return m;
      }
      if (["image", "video", "audio", "file"].includes(a.type)) {
        m.kind = "attachment";
        m.attachment = { type: a.type, url: String(a.payload?.url ?? "") };
        return m;
      }
    }
    return null;
  }

  function hubFrom(content) {
    const s = defaultHub();
    const keys = Object.keys(content);
    const i = content.interactive;
    if (keys.length === 1 && i && typeof i === "object" && i.type === "button") {
      s.kind = "interactive";
      s.interactive.body = String(i.body?.text ?? "");
      s.interactive.buttons = (Array.isArray(i.action?.buttons) ? i.action.buttons : []).map((b) => ({
        id: String(b?.reply?.id ?? ""),
        title: String(b?.reply?.title ?? ""),
      }));
      return s;
    }
    const media = keys.filter((k) => ["imageUrl", "videoUrl", "audioUrl"].includes(k));
    if (media.length <= 1 && keys.every((k) => k === "text" || media.includes(k)) && keys.length > 0) {
      s.kind = "media";
      s.text = String(content.text ?? "");
      s.media = media[0] ?? "none";
      s.url = media[0] ? String(content[media[0]] ?? "") : "";
      return s;
    }
    return null;
  }

  /** Switches model; leaving the raw editor loads its JSON into the form when it fits. */
  function setModel(model) {
    if (model === state.model) return;
    if (model === "raw") {
      const { message: m } = message();
      state.raw = pretty(m);
    } else if (state.model === "raw") {
      try {
        const m = JSON.parse(state.raw);
        if (typeof m?.from === "string") state.from = m.from;
        if (typeof m?.to === "string") state.to = m.to;
        const content = m?.content && typeof m.content === "object" ? m.content : null;
        const loaded = content && (model === "meta" ? metaFrom(content) : hubFrom(content));
        if (loaded) state[model] = loaded;
      } catch {
        // Unparsable JSON: the form keeps its own state.
      }
    }
    state.model = model;
    rerender();
  }

  /** Sets `from`/`to` (e.g. from a webhook's reply target). */
  function setParties(from, to) {
    state.from = from;
    state.to = to;
    if (state.model === "raw") {
      try {
        const m = JSON.parse(state.raw);
        m.from = from;
        m.to = to;
        state.raw = pretty(m);
      } catch {
        // leave the text alone
      }
    }
    rerender();
  }

  // ------------------------------------------------------------------ rendering
  function partiesRow() {
    return h(
      "div",
      { class: "row two" },
      field({
        label: "From (your channel)",
        path: "from",
        value: state.from,
        hint: "Channel UUID or @username",
        testId: "from",
        onInput: (v) => {
          state.from = v;
          changed();
        },
      }),
      field({
        label: "To (recipient IGSID)",
        path: "to",
        value: state.to,
        hint: "From a webhook's sender id",
        testId: "to",
        onInput: (v) => {
          state.to = v;
          changed();
        },
      }),
    );
  }

  function removeButton(label, onClick) {
    return h("button", { type: "button", class: "icon-btn", "aria-label": label, title: label, text: "✕", on: { click: onClick } });
  }

  function addButton(text, onClick, disabled) {
    return h("button", { type: "button", class: "link-btn", text, disabled, on: { click: onClick } });
  }

  function metaForm() {
    const m = state.meta;
    const kinds = segmented({
      label: "Content",
      name: "meta-kind",
      value: m.kind,
      options: [
        ["text", "Text + quick replies"],
        ["attachment", "Attachment"],
        ["template", "Button template"],
      ],
      onChange: (v) => {
        m.kind = v;
        rerender();
      },
    });
    let body;
    if (m.kind === "text") {
      const rows = m.quickReplies.map((q, i) => {
        const base = `content.quick_replies[${i}]`;
        const isText = q.content_type === "text";
        return h(
          "div",
          { class: "item-row", dataset: { path: base } },
          h("ul", { class: "issue-slot" }),
          h(
            "div",
            { class: "row qr" },
            field({
              label: "Type",
              path: `${base}.content_type`,
              kind: "select",
              value: q.content_type,
              options: [
                ["text", "text"],
                ["user_phone_number", "user_phone_number"],
                ["user_email", "user_email"],
              ],
              onInput: (v) => {
                q.content_type = v;
                rerender();
              },
            }),
            field({
              label: "Title",
              path: `${base}.title`,
              value: isText ? q.title : "",
              limit: LIMITS.title,
              disabled: !isText,
              placeholder: isText ? "" : "filled in by Instagram",
              testId: `qr-title-${i}`,
              onInput: (v) => {
                q.title = v;
                changed();
              },
            }),
            field({
              label: "Payload",
              path: `${base}.payload`,
              value: isText ? q.payload : "",
              disabled: !isText,
              testId: `qr-payload-${i}`,
              onInput: (v) => {
                q.payload = v;
                changed();
              },
            }),
            removeButton(`Remove quick reply ${i + 1}`, () => {
              m.quickReplies.splice(i, 1);
              rerender();
            }),
          ),
        );
      });
      body = [
        field({
          label: "Text",
          path: "content.text",
          kind: "textarea",
          value: m.text,
          limit: LIMITS.text,
          unit: "bytes",
          testId: "meta-text",
          onInput: (v) => {
            m.text = v;
            changed();
          },
        }),
        group(
          {
            legend: `Quick replies (${m.quickReplies.length}/${LIMITS.quickReplies})`,
            path: "content.quick_replies",
            actions: addButton(
              "+ Add",
              () => {
                m.quickReplies.push({ content_type: "text", title: "", payload: "" });
                rerender();
              },
              false,
            ),
          },
          rows.length ? rows : h("p", { class: "empty", text: "None: a plain text message." }),
        ),
      ];
    } else if (m.kind === "attachment") {
      body = group(
        { legend: "Attachment by URL", path: "content.attachment" },
        h(
          "div",
          { class: "row media" },
          field({
            label: "Type",
            path: "content.attachment.type",
            kind: "select",
            value: m.attachment.type,
            options: [
              ["image", "image"],
              ["video", "video"],
              ["audio", "audio"],
              ["file", "file"],
            ],
            onInput: (v) => {
              m.attachment.type = v;
              changed();
            },
          }),
          field({
            label: "URL",
            path: "content.attachment.payload.url",
            value: m.attachment.url,
            type: "url",
            hint: "https, fetched by Meta",
            testId: "attachment-url",
            onInput: (v) => {
              m.attachment.url = v;
              changed();
            },
          }),
        ),
      );
    } else {
      const t = m.template;
      const base = "content.attachment.payload";
      body = group(
        { legend: "Button template", path: "content.attachment" },
        field({
          label: "Text",
          path: `${base}.text`,
          kind: "textarea",
          rows: 2,
          value: t.text,
          limit: LIMITS.templateText,
          testId: "template-text",
          onInput: (v) => {
            t.text = v;
            changed();
          },
        }),
        group(
          {
            legend: `Buttons (${t.buttons.length}/${LIMITS.buttons})`,
            path: `${base}.buttons`,
            className: "nested",
            actions: addButton("+ Add", () => {
              t.buttons.push({ type: "postback", title: "", url: "", payload: "" });
              rerender();
            }),
          },
          t.buttons.map((b, i) => {
            const p = `${base}.buttons[${i}]`;
            const web = b.type === "web_url";
            return h(
              "div",
              { class: "item-row", dataset: { path: p } },
              h("ul", { class: "issue-slot" }),
              h(
                "div",
                { class: "row qr" },
                field({
                  label: "Type",
                  path: `${p}.type`,
                  kind: "select",
                  value: b.type,
                  options: [
                    ["web_url", "web_url"],
                    ["postback", "postback"],
                  ],
                  onInput: (v) => {
                    b.type = v;
                    rerender();
                  },
                }),
                field({
                  label: "Title",
                  path: `${p}.title`,
                  value: b.title,
                  limit: LIMITS.title,
                  testId: `button-title-${i}`,
                  onInput: (v) => {
                    b.title = v;
                    changed();
                  },
                }),
                web
                  ? field({
                      label: "URL",
                      path: `${p}.url`,
                      value: b.url,
                      type: "url",
                      onInput: (v) => {
                        b.url = v;
                        changed();
                      },
                    })
                  : field({
                      label: "Payload",
                      path: `${p}.payload`,
                      value: b.payload,
                      onInput: (v) => {
                        b.payload = v;
                        changed();
                      },
                    }),
                removeButton(`Remove button ${i + 1}`, () => {
                  t.buttons.splice(i, 1);
                  rerender();
                }),
              ),
            );
          }),
        ),
      );
    }
    return [kinds, h("div", { class: "kind-body", dataset: { path: "content" } }, h("ul", { class: "issue-slot" }), body)];
  }

  function hubForm() {
    const s = state.hub;
    const kinds = segmented({
      label: "Content",
      name: "hub-kind",
      value: s.kind,
      options: [
        ["media", "Text and media"],
        ["interactive", "Interactive buttons"],
      ],
      onChange: (v) => {
        s.kind = v;
        rerender();
      },
    });
    let body;
    if (s.kind === "media") {
      body = [
        field({
          label: s.media === "none" ? "Text" : "Text (caption, optional)",
          path: "content.text",
          kind: "textarea",
          value: s.text,
          limit: LIMITS.text,
          unit: "bytes",
          testId: "hub-text",
          onInput: (v) => {
            s.text = v;
            changed();
          },
        }),
        h(
          "div",
          { class: "row media" },
          field({
            label: "Media",
            path: "content.media",
            kind: "select",
            value: s.media,
            options: [
              ["none", "none"],
              ["imageUrl", "imageUrl"],
              ["videoUrl", "videoUrl"],
              ["audioUrl", "audioUrl"],
            ],
            onInput: (v) => {
              s.media = v;
              rerender();
            },
          }),
          s.media === "none"
            ? null
            : field({
                label: "URL",
                path: `content.${s.media}`,
                value: s.url,
                type: "url",
                hint: "https, fetched by Meta",
                testId: "hub-url",
                onInput: (v) => {
                  s.url = v;
                  changed();
                },
              }),
        ),
      ];
    } else {
      const i = s.interactive;
      const base = "content.interactive";
      body = group(
        { legend: "Interactive (type: button)", path: base },
        field({
          label: "Body text",
          path: `${base}.body.text`,
          kind: "textarea",
          rows: 2,
          value: i.body,
          limit: LIMITS.text,
          unit: "bytes",
          testId: "interactive-body",
          onInput: (v) => {
            i.body = v;
            changed();
          },
        }),
        group(
          {
            legend: `Reply buttons (${i.buttons.length}/${LIMITS.buttons})`,
            path: `${base}.action.buttons`,
            className: "nested",
            actions: addButton("+ Add", () => {
              i.buttons.push({ id: "", title: "" });
              rerender();
            }),
          },
          i.buttons.map((b, n) => {
            const p = `${base}.action.buttons[${n}]`;
            return h(
              "div",
              { class: "item-row", dataset: { path: p } },
              h("ul", { class: "issue-slot" }),
              h(
                "div",
                { class: "row btn2" },
                field({
                  label: "Id",
                  path: `${p}.reply.id`,
                  value: b.id,
                  limit: LIMITS.replyId,
                  onInput: (v) => {
                    b.id = v;
                    changed();
                  },
                }),
                field({
                  label: "Title",
                  path: `${p}.reply.title`,
                  value: b.title,
                  limit: LIMITS.title,
                  testId: `reply-title-${n}`,
                  onInput: (v) => {
                    b.title = v;
                    changed();
                  },
                }),
                removeButton(`Remove button ${n + 1}`, () => {
                  i.buttons.splice(n, 1);
                  rerender();
                }),
              ),
            );
          }),
        ),
      );
    }
    return [kinds, h("div", { class: "kind-body", dataset: { path: "content" } }, h("ul", { class: "issue-slot" }), body)];
  }

  function rawForm() {
    return field({
      label: "The whole send body: { from, to, content }",
      // Every issue of the raw body is shown at the editor.
      path: "",
      kind: "textarea",
      rows: 16,
      mono: true,
      value: state.raw,
      testId: "raw-json",
      hint: "Anything goes here: the validator reports every problem, by path.",
      onInput: (v) => {
        state.raw = v;
        changed();
      },
    });
  }

  function render() {
    const tabs = h(
      "div",
      { class: "tabs", role: "tablist", "aria-label": "Content model" },
      MODELS.map(([value, text]) =>
        h("button", {
          type: "button",
          role: "tab",
          "aria-selected": String(value === state.model),
          "data-model": value,
          text,
          on: { click: () => setModel(value) },
        }),
      ),
    );
    const note = {
      meta: "The OpenAPI shape: Meta's message object under content.",
      hub: "The docs-site shape: the Hub maps it to Meta's.",
      raw: "Edit the JSON directly; switching back to a form loads it when it fits.",
    }[state.model];
    const panel = h(
      "div",
      // Issues of paths no field stands for (the body itself, unknown keys) land here.
      { class: "tab-panel", role: "tabpanel", dataset: state.model === "raw" ? {} : { path: "" } },
      h("p", { class: "model-note", text: note }),
      state.model === "raw" ? null : h("ul", { class: "issue-slot root-slot" }),
      state.model === "raw" ? rawForm() : [partiesRow(), state.model === "meta" ? metaForm() : hubForm()],
    );
    replace(root, tabs, panel);
  }

  render();
  return {
    root,
    state,
    message,
    setModel,
    setParties,
  };
}
