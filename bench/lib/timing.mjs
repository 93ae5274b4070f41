// Hand-rolled timing: warm-up, then interleaved rounds. In each round every candidate runs one
// sample of K calls (K calibrated so a sample lasts about `sampleMs`), candidates in a rotating
// order, with a full GC between samples when the process has --expose-gc, so that the garbage one
// candidate leaves is not collected on another's clock and background load hits all alike.
// The figure is the median of the per-call times of the samples; p25–p75 shows the spread.
// Ratios between candidates are medians of per-round ratios (see pairedRatio).

const now = () => process.hrtime.bigint();
let sink; // results land here so no call can be optimized away

function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75), samples: sorted.length };
}

function runSync(fn, k) {
  const t0 = now();
  for (let i = 0; i < k; i++) sink = fn(i);
  return Number(now() - t0) / k;
}

async function runAsync(fn, k) {
  const t0 = now();
  for (let i = 0; i < k; i++) sink = await fn(i);
  return Number(now() - t0) / k;
}

/**
 * Measures candidates `[{ name, fn, async? }]`; `fn(i)` does one operation (i picks the input).
 * Options: rounds, sampleMs (target length of one sample), warmupMs, k (fixed calls per sample).
 * Returns `[{ name, ns: {median, p25, p75, samples}, k }]` (ns per call).
 */
export async function bench(candidates, { rounds = 30, sampleMs = 30, warmupMs = 300, k: fixedK } = {}) {
  const state = [];
  for (const c of candidates) {
    const run = c.async ? runAsync : runSync;
    // Warm-up (JIT tiers up), then calibrate K from the warm speed (unless K is given).
    let k = 1;
    const warmEnd = Date.now() + warmupMs;
    let perCall = 0;
    do {
      perCall = await run(c.fn, k);
      if (perCall * k < 5e6) k *= 2;
    } while (Date.now() < warmEnd);
    k = fixedK ?? Math.max(1, Math.round((sampleMs * 1e6) / Math.max(perCall, 1)));
    state.push({ c, run, k, samples: [] });
  }
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < state.length; j++) {
      const s = state[(j + r) % state.length];
      gc();
      s.samples.push(await s.run(s.c.fn, s.k));
    }
  }
  return state.map((s) => ({ name: s.c.name, ns: summarize(s.samples), k: s.k, rounds: s.samples }));
}

/**
 * The median over rounds of a's time ÷ b's time in the same round: paired samples taken a few
 * hundred milliseconds apart, so that a change of background load between rounds cancels out.
 */
export function pairedRatio(a, b) {
  const ratios = a.rounds.map((x, r) => x / b.rounds[r]).filter(Number.isFinite);
  return summarize(ratios).median;
}

export function keep(value) {
  sink = value;
}
export function sunk() {
  return sink;
}
