// <jig-surface intent=…> end to end: the real tiny wllama model (random weights) as the browser
// station, the premium stand-in, and the fallback — asserting from the trace what the line did
// with whatever the model produced.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import { createLine, type LineConfig } from '../../../src/line/index.js';
import { createEventLog } from '../../../src/events/log.js';
import { randomHex, type JigEvent } from '../../../src/events/event.js';
import { ReplayEngine } from './replay-engine.js';
import { booking, broken, config, json, premiumState, resetPremium } from './fixtures.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;
const nodeIds = (s: JigSurface) =>
  [...s.querySelectorAll('.jig-layout:not([hidden]) [node-id]')].map((e) => e.getAttribute('node-id'));
let bucket = '';

function tinyConfig(b: string, over: Partial<LineConfig> = {}) {
  const c = config(b, {
    catalog: { only: ['stack', 'heading', 'text'] },
    generation: { maxNodes: 4, maxString: 24, maxTokens: 400, temperature: 0.8 },
    // The tiny model reads one token per character within a small context: a short prompt.
    prompts: {
      version: 'tiny',
      system: '',
      variants: [{ id: 'short', weight: 1, template: 'Layout JSON for: {{intent}}' }],
    },
    ...over,
  });
  c.stations[3] = { kind: 'fallback', layout: textFallback };
  c.stations[1] = {
    kind: 'browser',
    engines: [
      { kind: 'wllama', model: 'tiny-random', options: { modelUrl: TINY, model: 'tiny-random', useCache: false } },
    ],
  };
  return c;
}

const textFallback = {
  version: 1,
  root: 't',
  nodes: [
    {
      id: 't',
      type: 'text',
      props: { text: 'This part of the page could not be assembled right now.', tone: 'muted' },
    },
  ],
};
const headingOnly = {
  version: 1,
  title: 'Hello',
  root: 'p',
  nodes: [
    { id: 'p', type: 'stack', children: ['h'] },
    { id: 'h', type: 'heading', props: { text: 'Hello', level: 1 } },
  ],
};

describe('<jig-surface intent> with a line', () => {
  beforeEach(async () => {
    bucket = `s${randomHex(8)}`;
    await resetPremium(bucket, { layout: headingOnly });
  });

  it('runs the real tiny model as the browser station; whichever way it goes, the surface shows a layout that passed and the trace says how', async function () {
    this.timeout(120_000);
    const events: JigEvent[] = [];
    const log = createEventLog({ context: { session: 's' } });
    log.on((e) => events.push(e));
    const line = createLine(tinyConfig(bucket), { log });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    const result = await s.assemble({ intent: 'A welcome page with a heading' });
    expect(result).to.not.equal(null);
    const r = result!;
    const attempts = r.trace.steps.filter((x) => x.kind === 'attempt');
    const first = attempts[0]!;
    expect(first).to.include({ station: 'browser', model: 'tiny-random', provider: 'wllama' });
    const browserOk = attempts.some((a) => a.kind === 'attempt' && a.station === 'browser' && a.ok);
    console.log(
      `tiny model through the line: served by ${r.station}; attempts ${attempts.map((a) => (a.kind === 'attempt' ? `${a.station}:${a.tokensOut} tokens:${a.ok ? 'ok' : `${a.error?.code ?? ''} ${a.error?.message ?? ''} ${a.issues?.map((i) => i.code).join('+') ?? ''}`}` : '')).join(' → ')}; ${Math.round(r.ms)} ms`,
    );
    expect(first.kind === 'attempt' && first.tokensOut).to.be.greaterThan(0);
    if (browserOk) {
      expect(r.station).to.equal('browser');
    } else {
      expect(r.trace.steps.some((x) => x.kind === 'repair' || x.kind === 'escalate')).to.equal(true);
      expect(r.station).to.equal('premium');
      expect(events.find((e) => e.type === 'layout.escalated')!.attrs.from).to.equal('browser');
    }
    expect(s.station).to.equal(r.station);
    expect(s.trace).to.equal(r.trace);
    expect(JSON.stringify(s.layout)).to.equal(JSON.stringify(r.layout));
    expect(nodeIds(s).length).to.equal(r.layout!.nodes.length);
    expect(events.filter((e) => e.type === 'layout.rendered')).to.have.length(1);
    expect(new Set(events.map((e) => e.trace)).size).to.equal(1);
  });

  for (const optIn of [false, true]) {
    it(`the intent attribute assembles; with no model weights and no upstream, the fallback renders ${optIn ? 'with the note the site opted into' : 'as the site wrote it, the reason only in the trace'}`, async function () {
      this.timeout(60_000);
      await resetPremium(bucket, { mode: 'down' });
      const c = tinyConfig(bucket);
      c.stations[1] = {
        kind: 'browser',
        engines: [
          {
            kind: 'wllama',
            model: 'missing',
            options: { modelUrl: new URL('/test/fixtures/models/missing.gguf', location.href).href, useCache: false },
          },
        ],
      };
      const line = createLine(c);
      const s = await fixture<JigSurface>(
        optIn
          ? html`<jig-surface fallback-note .line=${line}></jig-surface>`
          : html`<jig-surface .line=${line}></jig-surface>`,
      );
      const rendered = oneEvent(s, 'jig-render');
      s.setAttribute('intent', 'Sign up for the newsletter');
      await rendered;
      await s.updateComplete;
      expect(s.station).to.equal('fallback');
      expect(nodeIds(s)).to.deep.equal(['t']);
      const note = s.shadowRoot!.querySelector('[part="fallback-note"]');
      if (optIn) {
        expect(note, 'the fallback note').to.exist;
        expect(note!.textContent).to.contain('default layout').and.to.contain('no_upstream');
      } else {
        expect(note, 'no note by default').to.equal(null);
        expect(s.shadowRoot!.textContent).not.to.contain('no_upstream');
      }
      const reasons = s.trace!.steps.filter((x) => x.kind === 'escalate').map((x) => x.kind === 'escalate' && x.reason);
      expect(reasons).to.deep.equal(['no_engine', 'premium_failed']);
    });
  }

  it('streams each attempt into the surface: a failed attempt is refused (jig-invalid), the repaired one renders', async () => {
    const engine = new ReplayEngine({ texts: [broken, json(booking)] });
    const line = createLine(config(bucket), { engines: [engine] });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    const invalid: string[] = [];
    s.addEventListener('jig-invalid', (e) => invalid.push((e as CustomEvent).detail.issues[0].code));
    const steps: string[] = [];
    s.addEventListener('jig-trace', (e) => steps.push((e as CustomEvent).detail.step.kind));
    const r = await s.assemble({ intent: 'Book a table' });
    expect(r!.station).to.equal('browser');
    expect(invalid).to.deep.equal(['unknown_type']);
    expect(nodeIds(s)).to.deep.equal(booking.nodes.map((n) => n.id));
    expect(steps).to.deep.equal(['route', 'attempt', 'repair', 'attempt', 'rendered']);
    expect(s.shadowRoot!.querySelector('[part="fallback-note"]')).to.equal(null);
  });

  it("gates each text once: the surface shows the line's verdicts and keeps its own catalog, rules and limits", async () => {
    let checks = 0;
    const counting = {
      name: 'counts',
      check: () => {
        checks++;
        return [];
      },
    };
    const line = createLine(config(bucket, { gates: { limits: { maxNodes: 50 } } }), {
      engines: [new ReplayEngine({ texts: [broken, json(booking)] })],
      rules: [counting],
    });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    const own = { catalog: s.catalog, rules: s.rules, limits: s.limits };
    checks = 0;
    const r = await s.assemble({ intent: 'Book a table' });
    expect(r!.station).to.equal('browser');
    expect(nodeIds(s)).to.deep.equal(booking.nodes.map((n) => n.id));
    // The broken text stops at the catalog gate, so only the repaired one reaches the site's rule.
    expect(checks, 'the domain rule ran once: the repaired text was gated once').to.equal(1);
    expect(s.lastVerdict!.ok).to.equal(true);
    expect(s.catalog).to.equal(own.catalog);
    expect(s.rules).to.equal(own.rules);
    expect(s.limits).to.equal(own.limits);
  });

  it('the intent run reports its status and the assembling attribute while it works; a new intent aborts the old run', async () => {
    const slow = new ReplayEngine({ texts: [json(booking)], chunk: 8, chunkDelayMs: 20 });
    const line = createLine(config(bucket), { engines: [slow] });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    expect(s.intentStatus).to.equal('idle');
    s.intent = 'Sales dashboard';
    await oneEvent(s, 'jig-trace');
    expect(s.intentStatus).to.equal('pending');
    expect(s.hasAttribute('assembling')).to.equal(true);
    s.intent = 'Book a table';
    await oneEvent(s, 'jig-render');
    await s.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    await s.updateComplete;
    expect(slow.calls[0]!.signal!.aborted, "the first intent's generation was aborted").to.equal(true);
    expect(s.intentStatus).to.equal('complete');
    expect(s.hasAttribute('assembling')).to.equal(false);
    expect(s.trace!.intent).to.equal('Book a table');
  });

  it('a new intent cancels the request in progress; the page is never blank', async () => {
    const slow = new ReplayEngine({ texts: [json(booking)], chunk: 8, chunkDelayMs: 40 });
    const line = createLine(config(bucket), { engines: [slow] });
    const s = await fixture<JigSurface>(html`<jig-surface .line=${line}></jig-surface>`);
    await s.assemble({ intent: 'Book a table' });
    expect(nodeIds(s)).to.have.length(5);
    const first = s.assemble({ intent: 'Sales dashboard' });
    // the first request has started streaming when the second comes
    await oneEvent(s, 'jig-trace');
    const second = s.assemble({ intent: 'Book a table' });
    expect(nodeIds(s).length, 'the last good layout stays while the new one is made').to.be.greaterThan(0);
    expect(await first).to.equal(null);
    const r = await second;
    expect(r!.station).to.equal('cache');
    expect(slow.calls[1]!.signal!.aborted).to.equal(true);
    expect(nodeIds(s)).to.deep.equal(booking.nodes.map((n) => n.id));
    expect((await premiumState(bucket)).requests).to.equal(0);
  });
});
