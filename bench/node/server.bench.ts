// The server's figures: events ingested per second over HTTP (SQLite; PostgreSQL too when
// DATABASE_URL is set) beside the storage's own insert rate, and the latency the assemble
// endpoint adds over the stand-in upstream's own (p50/p95), the direct call as the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, type JigEvent } from '../../src/events/event.js';
import { startServer } from '../../src/server/index.js';
import { buildMessages } from '../../src/server/assemble.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { dropPostgresSchema, openPostgres, openSqlite, type Storage } from '../../src/server/storage/index.js';
import { startStandIn } from '../../test/node/server/stand-in.js';

type Row = { name: string; value: number; unit: string; baseline?: { name: string; value: number }; ratio?: number; note?: string };

const EVENTS = 20_000;
const BATCH = 500;
const CONCURRENCY = 4;
const ASSEMBLES = 300;

function events(n: number): JigEvent[] {
  const t = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(t + i), type: 'station.attempted', time: new Date(t + i).toISOString(), session: 's', trace: 'a'.repeat(32), span: 'b'.repeat(16),
    line: 'bench', lineVersion: '1', attrs: { station: 'browser', model: 'small', tokensIn: 120, tokensOut: 80, ms: 412, cost: 0 },
  }));
}

function batches<T>(all: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < items.length) await work(items[next++]!); }));
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!; };

async function ingestRate(label: 'SQLite' | 'PostgreSQL', env: Record<string, string>, direct: () => Promise<Storage>): Promise<Row> {
  const server = await startServer({ port: 0, env: { ...env, JIG_RATE_EVENTS_BURST: '1000000', JIG_BODY_LIMIT: String(8 << 20) } });
  try {
    const warm = batches(events(2_000), BATCH);
    await pool(warm, CONCURRENCY, async (b) => { await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }).then((r) => r.json()); });
    const bodies = batches(events(EVENTS), BATCH).map((b) => JSON.stringify(b));
    const t0 = performance.now();
    let accepted = 0;
    await pool(bodies, CONCURRENCY, async (body) => {
      const r = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      accepted += ((await r.json()) as { accepted: number }).accepted;
    });
    const httpRate = EVENTS / ((performance.now() - t0) / 1000);
    if (accepted !== EVENTS) throw new Error(`only ${accepted} of ${EVENTS} events were accepted`);
    await server.close();
    // Baseline: the same storage without HTTP, validation or JSON parsing.
    const store = await direct();
    const evs = batches(events(EVENTS), BATCH);
    const t1 = performance.now();
    for (const b of evs) await store.insertEvents(b);
    const directRate = EVENTS / ((performance.now() - t1) / 1000);
    await store.close();
    return { name: `events ingested per second over HTTP (${label}, batches of ${BATCH}, ${CONCURRENCY} at a time)`, value: Math.round(httpRate), unit: 'events/s', baseline: { name: `${label} storage insert alone, same batches`, value: Math.round(directRate) }, ratio: +(httpRate / directRate).toFixed(2) };
  } finally {
    await server.close();
  }
}

async function assembleOverhead(): Promise<Row[]> {
  const up = await startStandIn('bench-model', { record: false });
  const dir = mkdtempSync(join(tmpdir(), 'jig-bench-'));
  const server = await startServer({ port: 0, env: { JIG_DATABASE: join(dir, 'jig.db'), JIG_UPSTREAM_URL: up.url, JIG_UPSTREAM_KEY: 'k', JIG_RATE_ASSEMBLE_BURST: '1000000' } });
  try {
    const intent = 'A form to book a table';
    const upstreamBody = JSON.stringify({ model: 'bench-model', messages: buildMessages({ intent, schema: builtinCatalog.jsonSchema() }), response_format: { type: 'json_schema', json_schema: { name: 'jig_layout', schema: builtinCatalog.jsonSchema(), strict: false } } });
    const direct = async () => { const t = performance.now(); const r = await fetch(`${up.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: upstreamBody }); await r.json(); return performance.now() - t; };
    const viaServer = async () => { const t = performance.now(); const r = await fetch(`${server.url}/v1/assemble`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ intent }) }); if (r.status !== 200) throw new Error(`assemble answered ${r.status}`); await r.json(); return performance.now() - t; };
    for (let i = 0; i < 50; i++) { await direct(); await viaServer(); }
    const d: number[] = [];
    const s: number[] = [];
    // Interleaved, so both see the same machine state.
    for (let i = 0; i < ASSEMBLES; i++) { d.push(await direct()); s.push(await viaServer()); }
    const row = (p: number, label: string): Row => {
      const base = pct(d, p);
      const via = pct(s, p);
      return { name: `assemble ${label} through the server (gates, prompt, retries wrapper)`, value: +via.toFixed(2), unit: 'ms', baseline: { name: `stand-in upstream called directly, ${label}`, value: +base.toFixed(2) }, ratio: +(via / base).toFixed(2), note: `overhead ${(via - base).toFixed(2)} ms; ${ASSEMBLES} sequential calls on loopback` };
    };
    return [row(0.5, 'p50'), row(0.95, 'p95')];
  } finally {
    await server.close();
    await up.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jig-bench-'));
  try {
    rows.push(await ingestRate('SQLite', { JIG_DATABASE: join(dir, 'http.db') }, async () => openSqlite(join(dir, 'direct.db'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `jig_bench_${process.pid}`;
    try {
      rows.push(await ingestRate('PostgreSQL', { DATABASE_URL: url, JIG_PG_SCHEMA: schema }, () => openPostgres({ url, schema: `${schema}_direct` })));
    } finally {
      await dropPostgresSchema(url, schema);
      await dropPostgresSchema(url, `${schema}_direct`);
    }
  }
  rows.push(...(await assembleOverhead()));
  return rows;
}
