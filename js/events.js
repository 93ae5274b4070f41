// Webhook events as JS objects: the core hands over the events as JSON (keys and shapes from
// its serde types) and this turns each `timestamp` into a `Date` and gives each event `raw`,
// the whole delivered JSON, exact, parsed on first access and shared by the events of a body.
import { losslessText } from "./chatt2me_wasm.js";

const decoder = new TextDecoder();

// The body travels in a private field stamped onto the plain object literal through a
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
const RAW = {
  get() {
    return RawStamp.read(this);
  },
  enumerable: true,
  configurable: true,
};

/** The events of `json` (one, or an array), `raw` parsed from `source` (a string or bytes). */
export function hydrate(json, single, source) {
  let parsed = false;
  let value;
  const raw = () => {
    if (!parsed) {
      const text = typeof source === "string" ? source : decoder.decode(source);
      value = JSON.parse(losslessText(text) ?? text);
      parsed = true;
    }
    return value;
  };
  const stamp = (event) => {
    if (event.timestamp !== null) event.timestamp = new Date(event.timestamp);
    new RawStamp(event, raw);
    Object.defineProperty(event, "raw", RAW);
    return event;
  };
  const events = JSON.parse(json);
  return single ? stamp(events) : events.map(stamp);
}
