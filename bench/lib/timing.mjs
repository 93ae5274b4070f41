// Hand-rolled timing: warm-up, then interleaved rounds. In each round every candidate runs one
// sample of K calls (K calibrated so a sample lasts about `sampleMs`), candidates in a rotating
// order, so that background load hits all alike. The figure is the median of the per-call times
// of the samples; p25–p75 shows the spread. Ratios between candidates are medians of per-round
// ratios (see pairedRatio).
//
// No forced GC between samples: a full `gc()` makes the next samples of code-generating schema
// libraries (zod 4, valibot, ajv) 3–4× slower (measured while writing this), which would flatter
// ours. Each candidate's garbage is collected by V8 as it comes, as in an application.

const now = () => process.hrtime.bigint();
let sink; // results land here so no call can be optimized away

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
 * Options: rounds, sampleMs (target length of one sample), warmupMs / maxWarmupMs /
 * minWarmupCalls (see below), k (fixed calls per sample).
 * Returns `[{ name, ns: {median, p25, p75, samples}, k }]` (ns per call).
 */
export async function bench(candidates, { rounds = 30, sampleMs = 30, warmupMs = 300, maxWarmupMs = 10 * warmupMs, minWarmupCalls = 0, k: fixedK } = {}) {
  const state = [];
  for (const c of candidates) {
    const run = c.async ? runAsync : runSync;
    // Warm-up until the JIT is done with it: batches of ~sampleMs, for at least warmupMs and
    // minWarmupCalls calls, and until three batches in a row agree within 10% (or maxWarmupMs
    // has passed). Schema libraries that generate code (zod 4, ajv) take tens of thousands of
    // calls to reach their steady speed; a short warm-up would measure their slow tiers.
    const start = Date.now();
    let k = 1;
    let calls = 0;
    const recent = [];
    for (;;) {
      const perCall = await run(c.fn, k);
      calls += k;
      if (perCall * k < sampleMs * 1e6) {
        k = Math.max(k + 1, Math.round((sampleMs * 1e6) / Math.max(perCall, 1)));
        continue;
      }
      recent.push(perCall);
      if (recent.length > 3) recent.shift();
      const elapsed = Date.now() - start;
      const stable = recent.length === 3 && Math.max(...recent) <= 1.1 * Math.min(...recent);
      if (elapsed >= maxWarmupMs || (elapsed >= warmupMs && calls >= minWarmupCalls && stable)) break;
    }
    k = fixedK ?? Math.max(1, Math.round((sampleMs * 1e6) / Math.min(...recent)));
    state.push({ c, run, k, samples: [] });
  }
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < state.length; j++) {
      const s = state[(j + r) % state.length];
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

/** The median over rounds of a's time − b's time in the same round (ns per call), paired as above. */
export function pairedDiff(a, b) {
  const diffs = a.rounds.map((x, r) => x - b.rounds[r]).filter(Number.isFinite);
  return summarize(diffs).median;
}

export function keep(value) {
  sink = value;
}
export function sunk() {
  return sink;
}
