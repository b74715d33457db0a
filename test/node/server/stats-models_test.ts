import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate, ALL_STATIONS } from '../../../src/server/stats.js';
import { makeEvent } from './helpers.js';

test('each stats row names the models that served it, so the dashboard shows which model version answered', () => {
  const t = Date.UTC(2026, 10, 24, 10);
  const events = [
    makeEvent('station.attempted', { station: 'browser', model: 'jig-layout-v1', ok: true }, { lineVersion: '1' }),
    makeEvent('station.attempted', { station: 'browser', model: 'jig-layout-v2', ok: true }, { lineVersion: '2' }),
    makeEvent('station.attempted', { station: 'premium', model: 'gpt-4o-mini', ok: true }, { lineVersion: '2' }),
  ];
  const s = aggregate(events, t, t + 3_600_000 * 24);
  const row = (v: string, st: string) => s.groups.find((g) => g.lineVersion === v && g.station === st)!;
  assert.deepEqual(row('1', 'browser').models, ['jig-layout-v1']);
  assert.deepEqual(row('2', 'browser').models, ['jig-layout-v2']);
  assert.deepEqual(row('2', ALL_STATIONS).models, ['gpt-4o-mini', 'jig-layout-v2']);
});
