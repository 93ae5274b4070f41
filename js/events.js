// Webhook events and send results as JS objects: the core hands over an event as the slots of
// its values (src/json/slots.rs), a result as the JSON array of its values, and the builder of
// its shape (builders.js, generated at build time from the Rust
// types: see src/shapes.rs) makes the object, an event's `timestamp` a `Date`. This gives each
// `raw`: an event's the whole delivered JSON, exact, shared by the events of a body, a result's
// the answer; both parsed on first access.
import { losslessText } from "./chatt2me_wasm.js";
import { BUILDERS, RESULT } from "./builders.js";

const encoder = new TextEncoder();

/**
 * Writes the UTF-8 of `text` into `into` (a view of wasm memory at least 3 bytes per UTF-16
 * unit long); returns the bytes written. One native call, where the glue's string passing
 * copies a character at a time (src/wasm/js.rs, `text_bytes`).
 */
export function encodeInto(text, into) {
  return encoder.encodeInto(text, into).written;
}

// The engine's own accessors of typed arrays and buffers: what they answer for a value no own
// property, `Symbol.toStringTag`, subclass or Proxy can change, and they work across realms.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayName = Object.getOwnPropertyDescriptor(TypedArray, Symbol.toStringTag).get;
const typedArrayLength = Object.getOwnPropertyDescriptor(TypedArray, "length").get;
const bufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;

/**
 * How many bytes `value` holds as the engine knows it: a `Uint8Array`'s length or an
 * `ArrayBuffer`'s byte length; -1 for anything else. The core sizes its copy by this, before
 * anything is copied (a `length` the caller wrote would size it wrongly).
 */
export function byteLength(value) {
  if (typedArrayName.call(value) === "Uint8Array") return typedArrayLength.call(value);
  try {
    return bufferLength.call(value);
  } catch {
    return -1;
  }
}

/**
 * Copies the bytes of `value`, a `Uint8Array` or an `ArrayBuffer` that `byteLength` measured,
 * into `into` (wasm memory of that length), by the engine's own copy. Throws for a detached
 * `ArrayBuffer`.
 */
export function copyBytes(value, into) {
  into.set(typedArrayName.call(value) === "Uint8Array" ? value : new Uint8Array(value));
}

/**
 * The length of a body chunk (js/transport.js), a `Uint8Array` by the engine's own tag and
 * length. Anything else fails the read, as the platform's own `text()` fails it.
 */
export function chunkLength(value) {
  if (typedArrayName.call(value) !== "Uint8Array") throw new TypeError("a body chunk is not a Uint8Array");
  return typedArrayLength.call(value);
}

// The body's parser travels in a private field stamped onto the plain object literal through a
// constructor that returns its argument: the object keeps Object.prototype, and the field is
// invisible to Object.keys, JSON.stringify, spread and deepEqual. One shared accessor reads it.
class Passthrough {
  constructor(target) {
    return target;
  }
}
class RawStamp extends Passthrough {
  #raw;
  constructor(target, raw) {
    super(target);
    this.#raw = raw;
  }
  static read(event) {
    return #raw in event ? event.#raw() : undefined;
  }
}
// Descriptors have no prototype: `Object.defineProperty` reads `get`, `set`, `value` and
// `writable` through it, and what code in the realm put on `Object.prototype` under those names
// would change them.
const defineProperty = Object.defineProperty;
const RAW = {
  __proto__: null,
  get() {
    return RawStamp.read(this);
  },
  enumerable: true,
  configurable: true,
};

// The same accessor for an `Object.prototype` nothing was added to under a descriptor's names,
// the usual case: V8 reads a descriptor that has the usual prototype faster.
const RAW_FAST = { get: RAW.get, enumerable: true, configurable: true };

/** Whether nothing on `Object.prototype` has a descriptor's names (so that none is inherited). */
function plainPrototype() {
  const o = Object.prototype;
  return !("get" in o || "set" in o || "value" in o || "writable" in o);
}

/** `read(input)`, computed on the first call and kept. */
function once(read, input) {
  let done = false;
  let value;
  return () => {
    if (!done) {
      value = read(input);
      done = true;
    }
    return value;
  };
}

/** The value of the JSON text `source`, its integers beyond 2^53 as strings. */
function exactValue(source) {
  return JSON.parse(losslessText(source) ?? source);
}

/** The exact JSON of the text `source`, parsed once, on first call. */
function rawOf(source) {
  return once(exactValue, source);
}

/** `target` with the lazy `raw` that `raw()` gives, through the accessor `descriptor`. */
function stamped(target, raw, descriptor) {
  new RawStamp(target, raw);
  return defineProperty(target, "raw", descriptor);
}

// The slots being read (src/json/slots.rs), where the next one is, the numbers they index, and
// the strings their ranges are in: the body's text and the text beside the slots. Set for one
// event at a time, and put back as they were after it (see `build`).
let slots, at, numbers, body, beside;

// The names of fields and variants (tag 10) by where the program holds them, read from wasm
// memory the first time: what is there never changes, and there are as many as the types name.
const names = new Map();
const decoder = new TextDecoder();

function name(address, length) {
  const id = address * 256 + length;
  let name = names.get(id);
  if (name === undefined) names.set(id, (name = decoder.decode(new Uint8Array(slots.buffer, address, length))));
  return name;
}

/**
 * `text.slice(from, to)` as a string of its own. V8 makes a slice of 13 units or more a view
 * that keeps all of `text` alive: an id kept from an event would keep its whole body. Joined to
 * another string and sliced again, the slice is first copied (the join is flattened), and the
 * view is of that copy.
 */
function own(text, from, to) {
  return to - from < 13 ? text.slice(from, to) : (" " + text.slice(from, to)).slice(1);
}

/** The value whose slots start at `at` (the tags: src/json/slots.rs, `tag`). */
function slotValue() {
  switch (slots[at++]) {
    case 0:
      return null;
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return numbers[slots[at++]];
    case 4:
      return own(body, slots[at++], slots[at++]);
    case 5:
      return own(beside, slots[at++], slots[at++]);
    case 6:
      return list(slots[at++]);
    case 7:
      return object(slots[at++]);
    case 8:
      return JSON.parse(body.slice(slots[at++], slots[at++]));
    case 9:
      return JSON.parse(beside.slice(slots[at++], slots[at++]));
    case 10:
      return name(slots[at++], slots[at++]);
  }
  throw new TypeError(`no value has the tag ${slots[at - 1]}`);
}

// Lists and objects are made as `JSON.parse` makes them, their elements and properties own data
// properties whatever code in the same realm put on `Array.prototype` or `Object.prototype`: an
// index or a key that nothing in the prototype chain has is assigned (nothing can intercept
// that), one that something has (a setter, a read-only property) is defined. `Object.prototype`
// has no prototype, and no other can be given to it; `Array.prototype` can be given another
// (a Proxy, whose traps `in` and an assignment would run), and then every element is defined.
let plainArrays = true;

/** `target[key] = value` as `JSON.parse` would define it. */
function define(target, key, value) {
  defineProperty(target, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
}

/** `target[i] = value` for a list as `JSON.parse` would define it. */
function append(target, i, value) {
  if (plainArrays && !(i in target)) target[i] = value;
  else define(target, i, value);
}

/** The list of the next `n` values. */
function list(n) {
  const made = [];
  for (let i = 0; i < n; i++) append(made, i, slotValue());
  return made;
}

/** The object of the next `n` members, each a key (the name of a field), then its value. */
function object(n) {
  const made = {};
  for (let i = 0; i < n; i++) {
    const key = slotValue();
    const value = slotValue();
    if (key in made) define(made, key, value);
    else made[key] = value;
  }
  return made;
}

/**
 * The event of its slots (its values, the first its `type`), with its `raw`. No code of the
 * caller's runs meanwhile unless it replaced a builtin this calls (`JSON.parse`,
 * `String.prototype.slice`, a `Map`'s methods, ...); what was being read is put back after,
 * thrown or not, so that a parse such code makes meanwhile does not change this one.
 */
function build(words, values, text, source, raw) {
  const outerSlots = slots;
  const outerAt = at;
  const outerNumbers = numbers;
  const outerBody = body;
  const outerBeside = beside;
  slots = words;
  at = 0;
  numbers = values;
  body = source;
  beside = text;
  plainArrays = Object.getPrototypeOf(Array.prototype) === Object.prototype;
  try {
    // A list of the event's values, its type first, read by the builder of that type.
    if (slots[at] !== 6) throw new TypeError("an event's slots are not a list");
    at += 2;
    const type = slotValue();
    const event = BUILDERS[type](type, slotValue);
    if (at !== slots.length) throw new TypeError(`the values of an event "${type}" are not its type's`);
    return stamped(event, raw, plainPrototype() ? RAW_FAST : RAW);
  } finally {
    // No view of wasm memory, no body is kept past the call.
    slots = outerSlots;
    at = outerAt;
    numbers = outerNumbers;
    body = outerBody;
    beside = outerBeside;
  }
}

/**
 * The event of its slots, the numbers they index, their strings ranges of `source` (the body's
 * text) or of `text`.
 */
export function hydrate(words, values, text, source) {
  return build(words, values, text, source, rawOf(source));
}

/** A list of events sharing one `raw`. */
export function batch(source) {
  return { source, raw: rawOf(source), list: [] };
}

export function addEvent(b, words, values, text) {
  const event = build(words, values, text, b.source, b.raw);
  append(b.list, b.list.length, event);
}

export function events(b) {
  return b.list;
}

/**
 * A send's result of the JSON array of its values, and its `raw`, the answer's exact JSON text
 * (its integers beyond 2^53 already strings), which becomes the lazy `raw` an event has: parsed
 * on first access, the same object after.
 */
export function sendResult(values, raw) {
  return stamped(RESULT(JSON.parse(values)), once(JSON.parse, raw), plainPrototype() ? RESULT_RAW_FAST : RESULT_RAW);
}

// A result's fields are writable (its declared type says so): assigning `raw` replaces the
// accessor with the value assigned.
const RESULT_RAW = {
  ...RAW,
  __proto__: null,
  set(value) {
    define(this, "raw", value);
  },
};
const RESULT_RAW_FAST = { ...RESULT_RAW };

const DATES = ["verifiedAt", "createdDate", "lastModifiedDate", "sendAt"];

function withDates(item) {
  for (const key of DATES) if (typeof item[key] === "number") item[key] = new Date(item[key]);
  return item;
}

/** A management result of its JSON: the dates (unix ms from the core) as `Date`s. */
export function dated(json) {
  const value = JSON.parse(json);
  if (Array.isArray(value.data)) value.data.forEach(withDates);
  return withDates(value);
}
