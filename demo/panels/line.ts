// The production line, live: type an intent and watch <jig-trace> fill in station by station
// beside the <jig-surface> it renders into. Switches force a failure at each station to show
// repair, escalation and the fallback. Works with no model weights and no upstream key.
import '../../components/trace/trace.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import type { JigTrace } from '../../components/trace/trace.component.js';
import { createLine } from '../../src/line/index.js';
import { JIG_MODEL_URL, jigModelOptions, runtime } from '../scenario/runtime.js';
import { JIG_LAYOUT_V1 } from '../../src/engines/wllama/layout-model.js';
import {
  EngineError,
  createRun,
  type Engine,
  type GenerateRequest,
  type GenerateRun,
} from '../../src/engines/engine.js';
import { el } from './dom.js';
import { TINY_LINE_SETTINGS, TINY_MODEL_PATH } from '../../test/fixtures/models/tiny-line.js';

const TINY_URL = new URL(TINY_MODEL_PATH, location.href).href;
// A small valid layout the scripted stand-in replays, to show the happy path without a real model.
const KNOWN_GOOD = JSON.stringify({
  version: 1,
  title: 'Contact us',
  root: 'page',
  data: { msg: { email: '', text: '' } },
  nodes: [
    { id: 'page', type: 'stack', children: ['h', 'f'] },
    { id: 'h', type: 'heading', props: { text: 'Contact us', level: 2 } },
    { id: 'f', type: 'form', props: { action: 'send', submitLabel: 'Send' }, children: ['email', 'text'] },
    {
      id: 'email',
      type: 'text-field',
      props: { label: 'Email', bind: '/msg/email', inputType: 'email', required: true },
    },
    { id: 'text', type: 'text-field', props: { label: 'Message', bind: '/msg/text', multiline: true } },
  ],
});
const FALLBACK = {
  version: 1,
  root: 'c',
  nodes: [
    {
      id: 'c',
      type: 'callout',
      props: {
        title: 'Not available right now',
        text: 'This part of the page could not be assembled. Please try again later.',
        tone: 'warning',
      },
    },
  ],
};

interface Switches {
  engine: 'jig' | 'tiny' | 'scripted';
  browserBad: 'never' | 'once' | 'always';
  crash: boolean;
  premiumDown: boolean;
  vote: boolean;
  cache: boolean;
}

/** The scripted stand-in: replays a known-good layout in small chunks (clearly not a model). */
class ScriptedEngine implements Engine {
  readonly kind = 'wllama' as const;
  readonly model = 'scripted-stand-in';
  async load() {}
  async unload() {}
  info() {
    return { kind: this.kind, model: this.model, loaded: true, tokens: { input: 0, output: 0 } };
  }
  generate(req: GenerateRequest): GenerateRun {
    const { run, push, end, fail } = createRun();
    void (async () => {
      for (let i = 0; i < KNOWN_GOOD.length; i += 24) {
        await new Promise((r) => setTimeout(r, 15));
        if (req.signal?.aborted) {
          fail(new EngineError('aborted', this.kind, 'cancelled'));
          return;
        }
        push(KNOWN_GOOD.slice(i, i + 24));
      }
      end({
        text: KNOWN_GOOD,
        usage: { inputTokens: Math.ceil(req.prompt.length / 4), outputTokens: Math.ceil(KNOWN_GOOD.length / 4) },
        ms: 0,
        model: this.model,
        finishReason: 'stop',
      });
    })();
    return run;
  }
}

/** Wraps an engine to force failures: corrupt its output (gates fail) or crash it mid-stream. */
class FaultSwitch implements Engine {
  calls = 0;
  constructor(
    private readonly inner: Engine,
    private readonly s: () => Switches,
  ) {}
  get kind() {
    return this.inner.kind;
  }
  get model() {
    return this.inner.model;
  }
  load(o?: Parameters<Engine['load']>[0]) {
    return this.inner.load(o);
  }
  unload() {
    return this.inner.unload();
  }
  info() {
    return this.inner.info();
  }
  generate(req: GenerateRequest): GenerateRun {
    const n = ++this.calls;
    const sw = this.s();
    const inner = this.inner.generate(req);
    const corrupt =
      sw.browserBad === 'always' || (sw.browserBad === 'once' && !req.prompt.includes('Your previous answer'));
    const { run, push, end, fail } = createRun();
    void (async () => {
      let k = 0;
      try {
        for await (const c of inner.chunks) {
          if (sw.crash && ++k === 4)
            throw new EngineError(
              'worker-crashed',
              this.inner.kind,
              `forced crash mid-stream (demo switch, call ${n})`,
            );
          push(corrupt ? c.replace(/"type":"[a-z-]+"/, '"type":"carousel"') : c);
        }
        const r = await inner.result;
        end(corrupt ? { ...r, text: r.text.replace(/"type":"[a-z-]+"/, '"type":"carousel"') } : r);
      } catch (e) {
        fail(e instanceof EngineError ? e : new EngineError('bad-output', this.inner.kind, String(e)));
      }
    })();
    return run;
  }
}

export async function mount(container: HTMLElement): Promise<void> {
  // Jig's own layout model when the page serves it (the clinic's browser station says which), else the test model.
  const rt = await runtime();
  const jigServed = rt.choice.plans.some((p) => p.kind === 'wllama' && p.options.modelUrl === JIG_MODEL_URL);
  const sw: Switches = {
    engine: jigServed ? 'jig' : 'tiny',
    browserBad: 'never',
    crash: false,
    premiumDown: false,
    vote: false,
    cache: true,
  };
  const intent = el('input', {
    type: 'text',
    value: 'A contact form with email and message',
    'aria-label': 'Intent',
    class: 'field',
  });
  const go = el('button', { type: 'submit', class: 'btn primary' }, 'Assemble');
  const status = el('p', { role: 'status', class: 'verdict' });
  const premiumNote = el('p', { class: 'note' });
  const surface = el('jig-surface') as JigSurface;
  const trace = el('jig-trace') as JigTrace;
  trace.follow(surface);

  const choice = (label: string, name: keyof Switches, options: Array<[string, string]>) => {
    const select = el(
      'select',
      { 'aria-label': label, class: 'field' },
      ...options.map(([v, t]) => el('option', { value: v }, t)),
    );
    select.value = String(sw[name]);
    select.addEventListener('change', () => {
      (sw as unknown as Record<string, unknown>)[name] = select.value;
      rebuild();
    });
    return el('label', { class: 'stacked' }, `${label} `, select);
  };
  const toggle = (label: string, name: keyof Switches) => {
    const box = el('input', { type: 'checkbox' });
    box.checked = Boolean(sw[name]);
    box.addEventListener('change', () => {
      (sw as unknown as Record<string, unknown>)[name] = box.checked;
      rebuild();
    });
    return el('label', { class: 'inline' }, box, ` ${label}`);
  };

  let tiny: Engine | undefined;
  let jig: Engine | undefined;
  async function engine(kind: Switches['engine']): Promise<Engine> {
    if (kind === 'scripted') return new ScriptedEngine();
    const { WllamaEngine } = await import('../../src/engines/wllama/wllama-engine.js');
    if (kind === 'jig') {
      jig ??= new WllamaEngine(jigModelOptions());
      return jig;
    }
    tiny ??= new WllamaEngine({
      modelUrl: TINY_URL,
      model: 'tiny-random (test model, random weights)',
      useCache: false,
    });
    return tiny;
  }
  // Switches change while a rebuild awaits (the engine's module, the runtime): each rebuild reads them
  // once, and only the latest one sets the surface's line. Assemble waits for it: a request typed
  // before the engine's module arrived would have no line to run.
  let rebuilds = 0;
  async function rebuild(): Promise<void> {
    const n = ++rebuilds;
    const want = { ...sw };
    go.disabled = true;
    let browser: Engine;
    try {
      browser = await engine(want.engine);
    } catch (err) {
      if (n === rebuilds) status.textContent = `The browser station could not start: ${String(err)}`;
      return;
    }
    const fetcher: typeof fetch = async (input, init) =>
      sw.premiumDown
        ? Promise.resolve(
            new Response(
              JSON.stringify({ error: { code: 'upstream_unavailable', message: 'forced down by the demo switch' } }),
              { status: 503, headers: { 'content-type': 'application/json' } },
            ),
          )
        : // The clinic's premium fetch: once the server has said it has no upstream, the page answers for it.
          (await runtime()).premiumFetch(input, init);
    const line = createLine(
      {
        id: 'demo-line',
        version: '1',
        stations: [
          ...(want.cache ? [{ kind: 'cache' }] : []),
          { kind: 'browser' },
          { kind: 'premium', endpoint: '/v1/assemble', model: 'premium' },
          { kind: 'fallback', layout: FALLBACK },
        ],
        repair: { max: 1 },
        ...(want.vote ? { vote: { samples: 3, threshold: 0.6 } } : {}),
        budgets: { maxLatencyMs: 30_000, maxCostUsd: 0.05 },
        // Jig's model at the low temperature the clinic uses (a repair is still a fresh sample).
        ...(want.engine === 'jig' ? { generation: { temperature: 0.3 } } : {}),
        ...(want.engine === 'tiny' ? TINY_LINE_SETTINGS : {}),
        prices: { premium: { input: 2.5, output: 10 } },
      },
      { engines: [new FaultSwitch(browser, () => sw)], fetch: fetcher },
    );
    if (n !== rebuilds) return;
    surface.line = line;
    go.disabled = false;
  }

  const form = el('form', { class: 'ask' }, intent, go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (go.disabled) return;
    status.textContent = 'Assembling…';
    surface.assemble({ intent: intent.value }).then(
      (r) => {
        if (!r) return; // replaced by a newer request
        status.textContent = r.fallback
          ? `The fallback layout is showing (${r.reason}).`
          : `Served by the ${r.station} station in ${Math.round(r.ms)} ms for $${r.costUsd.toFixed(5)}.`;
        const premium = r.trace.steps.find((s) => s.kind === 'attempt' && s.station === 'premium');
        if (premium && premium.kind === 'attempt' && premium.error) {
          premiumNote.textContent =
            premium.error.code === 'no_upstream' ||
            premium.error.code === 'network' ||
            premium.error.code.startsWith('http_')
              ? `The premium station is not available here (${premium.error.code}): no upstream model is configured, so escalations end at the fallback. Start \`jig serve\` with JIG_UPSTREAM_URL to enable it.`
              : `The premium station failed: ${premium.error.code}.`;
        } else if (premium) premiumNote.textContent = '';
      },
      (err: unknown) => {
        status.textContent = `The line failed: ${String(err)}`;
      },
    );
  });

  container.append(
    el('h2', {}, 'The production line'),
    el(
      'p',
      { class: 'lede' },
      'Type an intent. The line tries the cheapest station that can do it — cache, then the browser model, then the premium model behind the server — checks every answer with the gates, repairs, votes and escalates, and shows the fallback if all else fails. The trace on the right fills in as it happens.',
    ),
    el(
      'p',
      { class: 'note muted' },
      `Browser model: by default Jig's own layout model, ${JIG_LAYOUT_V1.name} (wllama, on the CPU, ${(JIG_LAYOUT_V1.bytes / 1e6).toFixed(1)} MB, trained here from the catalog; downloaded once, on the first request). The tiny random-weights test model proves the engine and the gates but writes noise; the scripted stand-in replays a known-good layout.`,
    ),
    form,
    el(
      'fieldset',
      { class: 'switches box' },
      el('legend', {}, 'Stations and forced failures'),
      choice('Browser station', 'engine', [
        ...(jigServed ? [['jig', `${JIG_LAYOUT_V1.name}, Jig's model (wllama)`] as [string, string]] : []),
        ['tiny', 'tiny random-weights model (real wllama)'],
        ['scripted', 'scripted stand-in (known-good layout)'],
      ]),
      choice('Browser output fails the gates', 'browserBad', [
        ['never', 'never'],
        ['once', 'once (then repair)'],
        ['always', 'always (escalate)'],
      ]),
      toggle('Crash the browser engine mid-stream', 'crash'),
      toggle('Premium station down', 'premiumDown'),
      toggle('Vote: 3 samples', 'vote'),
      toggle('Cache (last good layout per intent class)', 'cache'),
    ),
    status,
    premiumNote,
    el(
      'div',
      { class: 'line-split' },
      el('div', { class: 'surface-frame' }, el('h3', {}, 'Surface'), surface),
      el('div', { class: 'box' }, el('h3', {}, 'Trace'), trace),
    ),
  );
  await rebuild();
}
