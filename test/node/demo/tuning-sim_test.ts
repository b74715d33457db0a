// The tuning panel's simulated visitors (demo/panels/tuning.ts): every page they are shown passes
// the gates with the built-in catalog, a confident mistake lacks exactly the part its class is for,
// and once a version requires that part the mistake is refused at gate 7 and premium serves it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { runGates } from '../../../src/gates/run.js';
import type { LineConfig, Requirement } from '../../../src/line/config.js';
import type { Line } from '../../../src/line/line.js';
import { unmet } from '../../../src/line/requirements.js';
import { requestEvents } from '../../../eval/replay-sim.js';
import { CLASSES, classLayout, demoConfig, simulate } from '../../../demo/panels/tuning.js';

/** What each class's confident mistake leaves out. */
const PART: Record<string, Requirement> = {
  'book-table': { type: 'date-field' },
  'contact-form': { type: 'text-field', props: { inputType: 'email' } },
  'sales-dashboard': { type: 'stat' },
  'onboarding-wizard': { type: 'steps' },
};

/** A stand-in for the tuner: every visitor gets a line with this config. */
const on = (config: LineConfig) => ({
  lineFor: () => ({ config, version: String(config.version) }) as unknown as Line,
});

const passes = (layout: unknown, what: string) => {
  const r = runGates(JSON.stringify(layout), { catalog: builtinCatalog });
  assert.ok(r.ok, `${what}: ${r.ok ? '' : JSON.stringify(r.issues)}`);
  assert.deepEqual(r.warnings, [], what);
};

describe('demo tuning simulation', () => {
  test('every page of every class, complete or a confident mistake, passes the gates', () => {
    for (const { cls, intent } of CLASSES)
      for (const title of [`${intent} (plain)`, `${intent} (steps)`, `${intent} (premium)`])
        for (const look of [0, 1, 2, 3]) {
          const full = classLayout(cls, title, look);
          const mistake = classLayout(cls, title, look, true);
          passes(full, `${cls} look ${look}`);
          passes(mistake, `${cls} look ${look} lacking its part`);
          assert.deepEqual(unmet(full.nodes, [PART[cls]!]), [], cls);
          assert.deepEqual(unmet(mistake.nodes, [PART[cls]!]), [PART[cls]], cls);
        }
    passes(demoConfig().stations.find((s) => s.kind === 'fallback')!.layout, 'fallback');
  });

  test('every layout the simulated visitors are shown passes the gates; the same seed replays', () => {
    const reqs = simulate(on(demoConfig()), 600, 3);
    for (const r of reqs) passes(r.rendered!.layout, `${r.intentClass} from ${r.rendered!.station}`);
    // Without requirements, the cheap station's mistakes are served (and rated).
    const served = reqs.filter((r) => r.rendered?.station === 'browser');
    for (const cls of ['book-table', 'contact-form'])
      assert.ok(
        served.some((r) => r.intentClass === cls && unmet(r.rendered!.layout.nodes, [PART[cls]!]).length),
        cls,
      );
    assert.deepEqual(simulate(on(demoConfig()), 600, 3), reqs);
  });

  test('a version that requires the part refuses the mistake at gate 7 and premium serves the request', () => {
    const config = demoConfig();
    config.routing = { classes: { 'book-table': { require: [{ type: 'date-field' }] } } };
    const reqs = simulate(on(config), 600, 3).filter((r) => r.intentClass === 'book-table');
    const refused = reqs.filter((r) => r.attempts[0]!.issues?.length);
    assert.ok(refused.length > 5, `${refused.length} refused`);
    for (const r of refused) {
      assert.deepEqual(r.attempts[0]!.issues, [
        {
          gate: 'domain',
          code: 'missing_requirement',
          path: '',
          message: 'requirements of "book-table": needs a date-field; this layout has none',
        },
      ]);
      assert.deepEqual(
        r.attempts.map((a) => [a.station, a.ok]),
        [
          ['browser', false],
          ['premium', true],
        ],
      );
      assert.equal(r.rendered!.station, 'premium');
      // The events carry the gate's issue, as the line writes it.
      const failed = requestEvents(r).find((e) => e.type === 'gate.failed')!;
      assert.equal(failed.attrs.gate, 'domain');
      assert.equal(failed.attrs.code, 'missing_requirement');
    }
    // No cheap layout without the date field reaches a visitor; one with it still does.
    const cheap = reqs.filter((r) => r.rendered?.station === 'browser');
    assert.ok(cheap.length > 20);
    for (const r of cheap) assert.deepEqual(unmet(r.rendered!.layout.nodes, [{ type: 'date-field' }]), []);
  });

  test('a failed attempt without its own issues still reports the simulated catalog issue', () => {
    const failed = requestEvents({
      line: 'l',
      version: '1',
      session: 's',
      intent: 'x',
      intentClass: 'x',
      attempts: [
        { station: 'browser', ok: false },
        { station: 'premium', ok: true },
      ],
      rendered: null,
    }).find((e) => e.type === 'gate.failed')!;
    assert.equal(failed.attrs.gate, 'catalog');
    assert.equal(failed.attrs.code, 'unknown_type');
  });
});
