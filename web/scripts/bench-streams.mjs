#!/usr/bin/env node
// Load benchmark for the live-status streams (GET /api/submissions/[id]/events) against a RUNNING
// site: signs up learners, queues one submission each, opens many event streams across them, and
// measures /api/health latency before and during the load; then replays the red-team case (200
// streams on one submission with one learner's cookie). Prints a table. Not part of `npm test`.
//
//   npm run bench:streams -w @tyinglab/web -- --url http://127.0.0.1:3000 [--streams 500] [--per-user 5]
//        [--seconds 10] [--exercise tied-conv2d]
//
// It writes to the site's database (bench-*@bench.invalid accounts and their submissions): point it
// at a development or throwaway site, never at a production one.
import crypto from 'node:crypto';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const base = arg('url', 'http://127.0.0.1:3000').replace(/\/$/, '');
const totalStreams = Number(arg('streams', '500'));
const perUser = Number(arg('per-user', '5'));
const seconds = Number(arg('seconds', '10'));
const exerciseSlug = arg('exercise', 'tied-conv2d');
const run = crypto.randomBytes(3).toString('hex');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** /api/health, one request after another, for `forSeconds`: p50 / p95 / max in ms. */
async function healthLatency(forSeconds) {
  const samples = [];
  const end = Date.now() + forSeconds * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/health`, { cache: 'no-store' });
    await res.arrayBuffer();
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples.at(-1), n: samples.length };
}

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function signUp(i) {
  const res = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${run}-${i}@bench.invalid`, displayName: `Bench ${i}`, password: `bench-password-${run}` }),
  });
  if (res.status !== 201) throw new Error(`sign-up ${i}: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).find((c) => c.startsWith('tl_session='));
  if (!cookie) throw new Error(`sign-up ${i}: no session cookie`);
  return cookie;
}

async function submit(cookie) {
  const res = await fetch(`${base}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ exerciseSlug, code: 'export {};\n' }),
  });
  if (res.status !== 202) throw new Error(`submit: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** Opens one stream and drains it in the background; resolves with its HTTP status once headers arrive. */
async function openStream(cookie, id, aborts) {
  const abort = new AbortController();
  aborts.push(abort);
  try {
    const res = await fetch(`${base}/api/submissions/${id}/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
    if (res.ok && res.body) {
      const reader = res.body.getReader();
      (async () => {
        for (;;) if ((await reader.read()).done) break;
      })().catch(() => undefined);
    } else {
      await res.arrayBuffer();
    }
    return res.status;
  } catch (err) {
    return abort.signal.aborted ? 0 : `error: ${err.message}`;
  }
}

function row(cells, widths) {
  return cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
}

const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '-');

async function main() {
  const health = await fetch(`${base}/api/health`).catch((err) => err);
  if (!(health instanceof Response) || !health.ok) throw new Error(`no site at ${base} (/api/health: ${health instanceof Response ? health.status : health.message})`);

  const results = [];
  console.log(`bench-streams: ${base}, ${totalStreams} streams, ${perUser} per learner, ${seconds} s per measurement`);
  results.push({ scenario: 'no streams', open: 0, refused: 0, ...(await healthLatency(seconds)) });

  const users = Math.ceil(totalStreams / perUser);
  console.log(`signing up ${users} learners and queueing one submission each…`);
  const cookies = await inBatches([...Array(users).keys()], 4, signUp);
  const ids = await inBatches(cookies, 8, submit);

  const aborts = [];
  const targets = [];
  for (let i = 0; i < totalStreams; i++) targets.push([cookies[i % users], ids[i % users]]);
  const statuses = await inBatches(targets, 50, ([cookie, id]) => openStream(cookie, id, aborts));
  const open = statuses.filter((s) => s === 200).length;
  results.push({ scenario: `${totalStreams} streams over ${users} learners`, open, refused: statuses.filter((s) => s === 429).length, ...(await healthLatency(seconds)) });

  // The red-team case on top: one learner, one submission, 200 more streams.
  const attack = await inBatches(Array(200).fill(0), 50, () => openStream(cookies[0], ids[0], aborts));
  results.push({
    scenario: '+200 on one submission, one cookie',
    open: open + attack.filter((s) => s === 200).length,
    refused: attack.filter((s) => s === 429).length,
    ...(await healthLatency(seconds)),
  });

  for (const a of aborts) a.abort();
  const other = [...statuses, ...attack].filter((s) => s !== 200 && s !== 429);
  const widths = [38, 12, 8, 12, 12, 12, 8];
  console.log('');
  console.log(row(['scenario', 'streams open', 'refused', 'health p50', 'health p95', 'health max', 'samples'], widths));
  console.log(row(widths.map((w) => '-'.repeat(w)), widths));
  for (const r of results) console.log(row([r.scenario, r.open, r.refused, fmt(r.p50), fmt(r.p95), fmt(r.max), r.n], widths));
  if (other.length) console.log(`\n${other.length} stream requests ended otherwise: ${[...new Set(other)].join(', ')}`);
  console.log(`\nbench accounts: bench-${run}-*@bench.invalid (their submissions stay in the queue until graded)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench-streams: ${err.message}`);
    process.exit(1);
  },
);
