// The pieces of ~1 MiB hostile webhook bodies, shared by tests/js/memory.test.mjs (the bound)
// and bench/lib/hostile.mjs (the figure): bodies just under the default maxBytes, ASCII only,
// so characters are bytes.

export const MAX_BYTES = 1024 * 1024; // the default maxBytes
const TARGET = MAX_BYTES - 16;

/** `prefix` + as many `part(i)` joined by `sep` as fit under TARGET bytes + `suffix`; and the count. */
export function fill(prefix, part, sep, suffix) {
  const parts = [];
  let length = prefix.length + suffix.length;
  for (let i = 0; ; i += 1) {
    const p = part(i);
    const add = p.length + (parts.length > 0 ? sep.length : 0);
    if (length + add > TARGET) break;
    parts.push(p);
    length += add;
  }
  return { text: prefix + parts.join(sep) + suffix, count: parts.length };
}

/** A small text message whose unknown field `x` the filler goes into (then `]}`-style close). */
export const ENVELOPE = '{"eventType":"Message","channelId":"c","from":"u","content":{"type":"text","text":"hi"},"x":';
/** A text message whose `content.text` the filler is (then `"}}`). */
export const TEXT_PREFIX = '{"eventType":"Message","channelId":"c","from":"u","content":{"type":"text","text":"';
