import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { requestEvents, simLayout } from '../../../eval/replay-sim.js';
import { post, get, testServer } from './helpers.js';

const ADMIN = { authorization: 'Bearer admin-secret' };
const hasTorch = spawnSync(process.env.JIG_PYTHON ?? '/usr/bin/python3', ['-c', 'import torch, numpy']).status === 0;

describe('POST /v1/lines/:id/retrain', () => {
  test('needs the admin token', async () => {
    const s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    try {
      const r = await post(`${s.url}/v1/lines/shop/retrain`, {});
      assert.equal(r.status, 401);
    } finally {
      await s.stop();
    }
  });

  test('answers 503 no_pytorch, naming PyTorch, when the interpreter cannot import it', async () => {
    const saved = process.env.JIG_PYTHON;
    process.env.JIG_PYTHON = '/nonexistent/python3';
    const s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    try {
      const r = await post(`${s.url}/v1/lines/shop/retrain`, { steps: 2 }, ADMIN);
      assert.equal(r.status, 503);
      assert.equal(r.json.error.code, 'no_pytorch');
      assert.match(r.json.error.message, /PyTorch/);
    } finally {
      await s.stop();
      if (saved === undefined) delete process.env.JIG_PYTHON;
      else process.env.JIG_PYTHON = saved;
    }
  });

  test('refuses a bad body with a stable code', async () => {
    const s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    try {
      const r = await post(`${s.url}/v1/lines/shop/retrain`, { steps: 0 }, ADMIN);
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'bad_request');
      const few = await post(`${s.url}/v1/lines/shop/retrain`, { minPairs: 0 }, ADMIN);
      assert.equal(few.status, 400);
      assert.match(few.json.error.message, /"minPairs" must be a whole number from 1/);
      for (const [body, message] of [
        [{ mode: 'full' }, /"mode" is "finetune" \(the default\) or "scratch"/],
        [{ mode: 'scratch', steps: 10 }, /"steps" is for a fine-tune; a scratch run trains for "minutes"/],
        [{ minutes: 5 }, /"minutes" is for mode "scratch"/],
        [{ mode: 'scratch', minutes: 0 }, /"minutes" must be a number more than 0 and at most 600/],
        [{ mode: 'scratch', minutes: 601 }, /"minutes" must be a number more than 0 and at most 600/],
        [{ repeat: 8 }, /"repeat" is for mode "scratch"/],
        [{ mode: 'scratch', repeat: 65 }, /"repeat" must be a whole number from 1 to 64, or "balanced"/],
        [{ mode: 'scratch', repeat: 'even' }, /"repeat" must be a whole number from 1 to 64, or "balanced"/],
      ] as const) {
        const r = await post(`${s.url}/v1/lines/shop/retrain`, body, ADMIN);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.json.error.message, message);
      }
    } finally {
      await s.stop();
    }
  });

  test("runs a short fine-tune on the line's accepted premium layouts, streams progress, deploys a canary and serves the model once", {
    skip: hasTorch ? false : 'PyTorch is not installed here',
  }, async () => {
    const s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    try {
      const events = ['Newsletter sign-up', 'Team page', 'Sales dashboard'].flatMap((intent, i) =>
        requestEvents({
          line: 'shop',
          version: '1',
          session: `s${i}`,
          intent,
          intentClass: 'c',
          attempts: [
            { station: 'browser', ok: false },
            { station: 'premium', ok: true, cost: 0.002 },
          ],
          rendered: { station: 'premium', layout: simLayout(`${intent} layout`) },
          rating: i < 2 ? 'up' : 'down',
        }),
      );
      const ing = await fetch(`${s.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: events.map((e) => JSON.stringify(e)).join('\n'),
      });
      assert.ok(ing.ok, await ing.text());
      const config = {
        id: 'shop',
        version: 1,
        stations: [
          {
            kind: 'browser',
            engines: [
              {
                kind: 'wllama',
                model: 'jig-layout-v1',
                options: { modelUrl: '/models/jig-layout-v1.gguf', promptFormat: 'jig-layout-v1' },
              },
            ],
          },
          { kind: 'fallback', layout: simLayout('Sorry') },
        ],
      };
      assert.equal((await post(`${s.url}/v1/lines/shop/versions`, { config }, ADMIN)).status, 201);

      const res = await fetch(`${s.url}/v1/lines/shop/retrain`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ADMIN },
        body: JSON.stringify({ steps: 2, name: 'shop-v2', canaryShare: 0.2, minPairs: 1 }),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /ndjson/);
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(lines.find((l) => l.phase === 'pairs')?.pairs, 2, JSON.stringify(lines));
      assert.ok(lines.some((l) => l.phase === 'step' && l.step === 2 && typeof l.loss === 'number'));
      const fin = lines.at(-1);
      assert.equal(fin.phase, 'finished', JSON.stringify(fin));
      assert.equal(fin.model.url, '/v1/models/shop-v2.gguf');
      assert.equal(fin.version, 2);

      const line = await get(`${s.url}/v1/lines/shop`);
      assert.equal(line.json.canary.version, 2);
      assert.equal(line.json.canary.share, 0.2);
      assert.equal(line.json.canary.config.stations[0].engines[0].options.sha256, fin.model.sha256);

      const m = await fetch(`${s.url}${fin.model.url}`);
      const bytes = Buffer.from(await m.arrayBuffer());
      assert.equal(m.status, 200);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), fin.model.sha256);
      assert.equal(m.headers.get('etag'), `"${fin.model.sha256}"`);
      assert.match(m.headers.get('cache-control')!, /immutable/);
      const again = await fetch(`${s.url}${fin.model.url}`, { headers: { 'if-none-match': `"${fin.model.sha256}"` } });
      assert.equal(again.status, 304);
      assert.equal((await get(`${s.url}/v1/models/nope.gguf`)).json.error.code, 'no_model');
    } finally {
      await s.stop();
    }
  });
});
