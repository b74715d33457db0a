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
import { alternate, pairedRow, quantileOf, type Row } from '../support/stats.js';

const EVENTS = 24_000;
const ROUND = 4_000;
const BATCH = 500;
const CONCURRENCY = 4;
const ASSEMBLES = 300;

function events(n: number): JigEvent[] {
  const t = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(t + i),
    type: 'station.attempted',
    time: new Date(t + i).toISOString(),
    session: 's',
    trace: 'a'.repeat(32),
    span: 'b'.repeat(16),
    line: 'bench',
    lineVersion: '1',
    attrs: { station: 'browser', model: 'small', tokensIn: 120, tokensOut: 80, ms: 412, cost: 0 },
  }));
}

function batches<T>(all: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Events per second over HTTP beside the same storage's own insert rate, in alternating rounds. */
async function ingestRate(
  label: 'SQLite' | 'PostgreSQL',
  env: Record<string, string>,
  direct: () => Promise<Storage>,
): Promise<Row> {
  const server = await startServer({
    port: 0,
    env: { ...env, JIG_RATE_EVENTS_BURST: '1000000', JIG_BODY_LIMIT: String(8 << 20) },
  });
  const store = await direct();
  try {
    const overHttp = async () => {
      const bodies = batches(events(ROUND), BATCH).map((b) => JSON.stringify(b));
      const t0 = performance.now();
      let accepted = 0;
      await pool(bodies, CONCURRENCY, async (body) => {
        const r = await fetch(`${server.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        accepted += ((await r.json()) as { accepted: number }).accepted;
      });
      const rate = ROUND / ((performance.now() - t0) / 1000);
      if (accepted !== ROUND) throw new Error(`only ${accepted} of ${ROUND} events were accepted`);
      return rate;
    };
    // Baseline: the same storage without HTTP, validation or JSON parsing.
    const alone = async () => {
      const evs = batches(events(ROUND), BATCH);
      const t1 = performance.now();
      for (const b of evs) await store.insertEvents(b);
      return ROUND / ((performance.now() - t1) / 1000);
    };
    const p = await alternate(overHttp, alone, { runs: EVENTS / ROUND, warmup: 1 });
    return pairedRow(
      `events ingested per second over HTTP (${label}, batches of ${BATCH}, ${CONCURRENCY} at a time)`,
      'events/s',
      p,
      `${label} storage insert alone, same batches`,
      { digits: 0, note: `${EVENTS / ROUND} rounds of ${ROUND.toLocaleString('en')} events each way, alternated` },
    );
  } finally {
    await server.close();
    await store.close();
  }
}

async function assembleOverhead(): Promise<Row[]> {
  const up = await startStandIn('bench-model', { record: false });
  const dir = mkdtempSync(join(tmpdir(), 'jig-bench-'));
  const server = await startServer({
    port: 0,
    env: {
      JIG_DATABASE: join(dir, 'jig.db'),
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_KEY: 'k',
      JIG_RATE_ASSEMBLE_BURST: '1000000',
      JIG_SITE_TOKENS: 'bench-site',
    },
  });
  try {
    const intent = 'A form to book a table';
    const upstreamBody = JSON.stringify({
      model: 'bench-model',
      messages: buildMessages({ intent, schema: builtinCatalog.jsonSchema() }),
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'jig_layout', schema: builtinCatalog.jsonSchema(), strict: false },
      },
    });
    const direct = async () => {
      const t = performance.now();
      const r = await fetch(`${up.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        body: upstreamBody,
      });
      await r.json();
      return performance.now() - t;
    };
    const viaServer = async () => {
      const t = performance.now();
      const r = await fetch(`${server.url}/v1/assemble`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench-site' },
        body: JSON.stringify({ intent }),
      });
      if (r.status !== 200) throw new Error(`assemble answered ${r.status}`);
      await r.json();
      return performance.now() - t;
    };
    // Alternated, so both see the same machine state.
    const p = await alternate(viaServer, direct, { runs: ASSEMBLES, warmup: 50 });
    const p95 = (xs: number[]) => quantileOf(xs, 0.95);
    return [
      pairedRow(
        'assemble p50 through the server (gates, prompt, retries wrapper)',
        'ms',
        p,
        'stand-in upstream called directly, p50',
        { note: `overhead ${(p.a.median - p.b.median).toFixed(2)} ms; ${ASSEMBLES} calls each way on loopback` },
      ),
      {
        name: 'assemble p95 through the server (gates, prompt, retries wrapper)',
        value: +p95(p.as).toFixed(2),
        unit: 'ms',
        baseline: { name: 'stand-in upstream called directly, p95', value: +p95(p.bs).toFixed(2) },
        ratio: +(p95(p.as) / p95(p.bs)).toFixed(2),
        note: `overhead ${(p95(p.as) - p95(p.bs)).toFixed(2)} ms`,
      },
    ];
  } finally {
    await server.close();
    await up.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** /healthz latency while a client floods ingest with ~1 MB junk bodies, beside the same probes on an idle server (goal: p99 < 100 ms). */
export async function healthUnderJunk(): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'jig-bench-'));
  const server = await startServer({
    port: 0,
    env: { JIG_DATABASE: join(dir, 'jig.db'), JIG_RATE_EVENTS_BURST: '1000000' },
  });
  const junk = `{"junk": "${'j'.repeat(1000)}"}\n`.repeat(1000);
  const tiny = 'x\n'.repeat(512 * 1024 - 1);
  const probe = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await (await fetch(`${server.url}/healthz`)).text();
      out.push(performance.now() - t);
    }
    return out;
  };
  try {
    const idle = await probe(200);
    let flooding = true;
    let sent = 0;
    const flood = async (body: string) => {
      while (flooding) {
        await (
          await fetch(`${server.url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson' },
            body,
          })
        ).text();
        sent++;
      }
    };
    const floods = [flood(junk), flood(tiny)];
    const busy = await probe(200);
    flooding = false;
    await Promise.all(floods);
    const p99 = (xs: number[]) => quantileOf(xs, 0.99);
    return {
      name: '/healthz p99 while junk is ingested (two clients sending ~1 MB junk bodies)',
      value: +p99(busy).toFixed(1),
      unit: 'ms',
      baseline: { name: '/healthz p99 on the idle server', value: +p99(idle).toFixed(1) },
      ratio: +(p99(busy) / Math.max(0.1, p99(idle))).toFixed(2),
      note: `goal < 100 ms; ${sent} junk requests during 200 probes; client and server share one process`,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jig-bench-'));
  try {
    rows.push(
      await ingestRate('SQLite', { JIG_DATABASE: join(dir, 'http.db') }, async () =>
        openSqlite(join(dir, 'direct.db')),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `jig_bench_${process.pid}`;
    try {
      rows.push(
        await ingestRate('PostgreSQL', { DATABASE_URL: url, JIG_PG_SCHEMA: schema }, () =>
          openPostgres({ url, schema: `${schema}_direct` }),
        ),
      );
    } finally {
      await dropPostgresSchema(url, schema);
      await dropPostgresSchema(url, `${schema}_direct`);
    }
  }
  rows.push(...(await assembleOverhead()));
  rows.push(await healthUnderJunk());
  return rows;
}
