// <jig-trace> in Chromium: a person can read what the line did — stations, gate verdicts,
// repairs, votes, escalation reasons, latency and cost — and it follows a surface live.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import '../../../components/trace/trace.js';
import type { JigTrace } from '../../../components/trace/trace.component.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import { createLine } from '../../../src/line/index.js';
import { randomHex } from '../../../src/events/event.js';
import { ReplayEngine } from './replay-engine.js';
import { booking, broken, config, dashboard, json, resetPremium, tabs } from './fixtures.js';

let bucket = '';
const steps = (t: JigTrace) =>
  [...t.shadowRoot!.querySelectorAll('[part="step"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

describe('<jig-trace>', () => {
  beforeEach(async () => {
    bucket = `t${randomHex(8)}`;
    await resetPremium(bucket);
  });

  it('shows an empty state until it has a trace', async () => {
    const t = await fixture<JigTrace>(html`<jig-trace></jig-trace>`);
    expect(t.shadowRoot!.textContent).to.contain('No request yet');
  });

  it('reads as a story: repair, escalation with its reason, the fallback, time and cost', async () => {
    await resetPremium(bucket, { mode: 'down' });
    const line = createLine(config(bucket), { engines: [new ReplayEngine({ texts: [broken] })] });
    const r = await line.assemble({ intent: 'Book a table' });
    const t = await fixture<JigTrace>(html`<jig-trace .trace=${r.trace}></jig-trace>`);
    const rows = steps(t);
    expect(rows).to.have.length(r.trace.steps.length);
    expect(rows[0])
      .to.match(/route: start at browser/)
      .and.to.contain('no layout cached');
    expect(rows[1]).to.contain('1 gate issue').and.to.contain('catalog/unknown_type');
    expect(rows[2]).to.contain('repair: 1 issue sent back');
    expect(rows.find((x) => x.includes('escalated browser → premium'))).to.contain('still failed the gates');
    expect(rows.find((x) => x.includes('no_upstream'))).to.exist;
    expect(rows.at(-1)).to.contain('rendered the fallback layout');
    // Sentences a person reads: plurals agree, no number doubled, a failure's message said once.
    expect(rows.find((x) => x.includes('escalated browser → premium')))
      .to.contain('1 gate issue left after 1 repair')
      .and.not.to.match(/1 issues|1 repairs/);
    expect(rows.filter((x) => /\b(attempt|sample) (\d+) \2\b/.test(x))).to.deep.equal([]);
    expect(rows.filter((x) => x.includes('no_upstream'))).to.have.length(1);
    const summary = t.shadowRoot!.querySelector('[part="summary"]')!.textContent!;
    expect(summary)
      .to.contain('Book a table')
      .and.to.contain('fallback')
      .and.to.contain(r.trace.intentClass)
      .and.to.match(/\$0\b/);
    await expect(t).to.be.accessible();
  });

  it('shows votes and the premium cost', async () => {
    const line = createLine(config(bucket, { vote: { samples: 3, threshold: 0.7 } }), {
      engines: [new ReplayEngine({ texts: [json(booking), json(dashboard), json(tabs)] })],
    });
    const r = await line.assemble({ intent: 'Book a table' });
    const t = await fixture<JigTrace>(html`<jig-trace .trace=${r.trace}></jig-trace>`);
    const rows = steps(t);
    expect(rows.find((x) => x.startsWith('+') && x.includes('vote: 3/3 samples passed'))).to.contain(
      'not confident enough',
    );
    expect(rows.find((x) => x.includes('did not agree enough'))).to.exist;
    expect(rows.find((x) => x.includes('standin-premium: passed every gate')))
      .to.contain('1200 in / 300 out tokens')
      .and.to.contain('$0.00600');
  });

  it('follows a surface live, one step at a time', async () => {
    const line = createLine(config(bucket), { engines: [new ReplayEngine({ texts: [json(booking)] })] });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    const t = await fixture<JigTrace>(html`<jig-trace></jig-trace>`);
    t.follow(s);
    const seen: number[] = [];
    s.addEventListener('jig-trace', () => {
      void t.updateComplete.then(() => seen.push(steps(t).length));
    });
    await s.assemble({ intent: 'Book a table' });
    await t.updateComplete;
    expect(steps(t)).to.have.length(3);
    expect(seen[0]).to.be.lessThan(3);
    expect(t.shadowRoot!.textContent).to.contain('served by browser');
  });
});
