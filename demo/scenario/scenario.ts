// The demo's home: a clinic's booking page. The visitor says what they want; the line assembles
// each step (search → choose → details → confirmation) and re-assembles after every action,
// with the answers so far as context. The trace, feedback and events follow every request.
import '../../components/trace/trace.js';
import '../../components/feedback/feedback.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import type { JigTrace } from '../../components/trace/trace.component.js';
import type { JigFeedback } from '../../components/feedback/feedback.component.js';
import type { JigActionDetail } from '../../src/surface/events.js';
import { createLine, type Line, type LineResult, type LineTrace } from '../../src/line/index.js';
import { observeSurface, type FeedbackSource } from '../../src/events/observe.js';
import {
  ACTIONS,
  EXAMPLES,
  MAX_INTENT,
  RULES,
  STEPS,
  classify,
  fillFor,
  readIntent,
  slotFor,
  type Answers,
  type ClinicContext,
  type Step,
  type When,
} from './clinic.js';
import { runtime } from './runtime.js';
import { renderDeveloperView } from '../developer/embed.js';
import { el } from '../panels/dom.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** What the developer view shows: the line config and the layout on screen. */
export interface ScenarioState {
  line: Line | null;
  layout: unknown;
  intent: string;
  context: ClinicContext | null;
}
export const scenarioState: ScenarioState = { line: null, layout: null, intent: '', context: null };

export async function mount(container: HTMLElement): Promise<void> {
  const rt = await runtime();
  const line = createLine(rt.config, { log: rt.log, rules: RULES, classify, fetch: rt.premiumFetch });
  scenarioState.line = line;

  // ---- the page ----
  const intent = el('input', {
    type: 'text',
    name: 'intent',
    'aria-label': 'What would you like to book?',
    placeholder: 'e.g. book a check-up with a GP next week',
    autocomplete: 'off',
    maxlength: String(MAX_INTENT),
  });
  intent.value = EXAMPLES[0]!;
  intent.addEventListener('input', () => {
    if (intent.value.length < MAX_INTENT) return;
    served.dataset.state = 'warn';
    served.textContent = `Requests stop at ${MAX_INTENT} characters: the page's model reads no more than that.`;
  });
  const submit = el('button', { class: 'btn primary', type: 'submit' }, 'Find appointments');
  const ask = el('form', { class: 'ask', role: 'search' }, intent, submit);
  const chips = el(
    'div',
    { class: 'chips', role: 'group', 'aria-label': 'Examples' },
    ...EXAMPLES.map((x) => {
      const b = el('button', { type: 'button', class: 'chip' }, x);
      b.addEventListener('click', () => {
        intent.value = x;
        ask.requestSubmit();
      });
      return b;
    }),
  );
  // While a request runs: what is happening, for how long, and a way out.
  const activity = el('span', { class: 'activity' });
  const elapsed = el('span', { class: 'elapsed' });
  const cancel = el('button', { type: 'button', class: 'btn cancel' }, 'Cancel');
  const working = el(
    'div',
    { class: 'working', hidden: '' },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }),
    activity,
    elapsed,
    cancel,
  );
  const progress = el(
    'ol',
    { class: 'progress', 'aria-label': 'Booking steps' },
    ...STEPS.map((s) => el('li', { 'data-step': s.id }, s.label)),
  );
  const surface = el('jig-surface', { actions: ACTIONS.join(' ') }) as JigSurface;
  surface.line = line;
  const placeholder = el(
    'div',
    { class: 'surface-empty' },
    el('p', {}, 'Say what you need above: the page assembles the booking steps for you.'),
  );
  const frame = el('div', { class: 'surface-frame' }, placeholder, surface);
  const served = el('p', { class: 'served', role: 'status', 'aria-live': 'polite' });
  const status = el('div', { class: 'status-area' }, working, served);
  const feedback = el('jig-feedback', { question: 'Was this step helpful?' }) as JigFeedback;
  feedback.comment = true;
  feedback.log = rt.log;
  feedback.hidden = true;
  const trace = el('jig-trace') as JigTrace;
  trace.follow(surface);
  // The browser model loads on the first request that reaches it; its events say how it went.
  const plan = rt.choice.plans[0];
  const modelLine = el(
    'p',
    { class: 'model-line muted', 'aria-live': 'polite' },
    plan
      ? `Browser model: ${plan.model} (${plan.kind}), loads on the first request that needs it. Its download and progress: see “Browser model”.`
      : 'Browser model: none can run here, so the browser station is skipped.',
  );
  rt.log.on((e) => {
    if (e.line !== line.id) return;
    if (e.type === 'model.loading' && !working.hidden)
      activity.textContent = `Loading the browser model (${String(e.attrs.model)}) — once per visit…`;
    const ms = typeof e.attrs.ms === 'number' ? ` in ${(e.attrs.ms / 1000).toFixed(1)} s` : '';
    if (e.type === 'model.loading')
      modelLine.textContent = `Browser model: loading ${String(e.attrs.model)} (${String(e.attrs.provider)})…`;
    else if (e.type === 'model.loaded') modelLine.textContent = `Browser model: ${String(e.attrs.model)} loaded${ms}.`;
    else if (e.type === 'model.failed')
      modelLine.textContent = `Browser model: ${String(e.attrs.model)} failed to load (${String(e.attrs.code)}); requests skip to the premium station.`;
  });
  const history = el('select', { 'aria-label': 'Earlier requests', class: 'history' });
  const traces: LineTrace[] = [];
  history.addEventListener('change', () => {
    trace.trace = traces[Number(history.value)] ?? null;
  });

  // Two ways to look at the same page: as the visitor, or as the site developer embedding it.
  const dev = el('div', { class: 'developer box', hidden: '' });
  const views = el('div', { class: 'views', role: 'group', 'aria-label': 'View as' });
  const clinicView = el('div', { class: 'clinic' });
  for (const [id, label] of [
    ['visitor', 'Visitor'],
    ['developer', 'Site developer'],
  ] as const) {
    const b = el('button', { type: 'button', 'data-view': id, 'aria-pressed': String(id === 'visitor') }, label);
    b.addEventListener('click', () => {
      for (const x of views.querySelectorAll('button')) x.setAttribute('aria-pressed', String(x === b));
      dev.hidden = id !== 'developer';
      clinicView.hidden = id === 'developer';
      // What the visitor sees: the layout on screen with its live data (answers filled in, edits made).
      const onScreen = surface.layout ? { ...surface.layout, data: surface.data ?? surface.layout.data } : null;
      scenarioState.layout = onScreen;
      if (id === 'developer')
        renderDeveloperView(
          dev,
          onScreen
            ? { config: line.config, layout: onScreen, intent: scenarioState.intent, context: scenarioState.context }
            : null,
        );
    });
    views.append(b);
  }
  clinicView.append(
    el('div', { class: 'clinic-main' }, progress, status, frame, feedback),
    el(
      'aside',
      { class: 'clinic-trace box', 'aria-label': 'Trace of the production line' },
      el('div', { class: 'row spread' }, el('h3', {}, 'Trace'), history),
      modelLine,
      trace,
    ),
  );

  container.append(
    el(
      'div',
      { class: 'hero' },
      el('p', { class: 'eyebrow' }, 'Northside Health · online booking'),
      el('h1', {}, 'See a clinician this week — just say what you need'),
      el(
        'p',
        { class: 'lede' },
        "Each step below is assembled on the fly by Jig's production line and checked by its seven gates before it shows. Known steps come from the site's recipes (the cache station); anything else goes to the browser model, then the premium model, then the clinic's own page.",
      ),
      ask,
      chips,
    ),
    views,
    clinicView,
    dev,
  );

  surface.addEventListener('jig-trace', (e) => {
    if (working.hidden) return;
    const step = e.detail.step;
    const model = plan?.model ?? 'the browser model';
    if (step.kind === 'route')
      activity.textContent =
        step.start === 'cache'
          ? 'Looking for the site\u2019s recipe…'
          : `Asking ${step.start === 'browser' ? model : `the ${step.start} station`}…`;
    else if (step.kind === 'cache' && !step.hit)
      activity.textContent = `No recipe for this request: ${model}, in your browser, is writing a layout for it…`;
    else if (step.kind === 'repair') activity.textContent = 'The layout failed a check: the model is fixing it…';
    else if (step.kind === 'escalate')
      activity.textContent =
        step.to === 'premium'
          ? 'Asking the premium model on the server…'
          : step.to === 'fallback'
            ? 'Showing the clinic\u2019s own form…'
            : `Trying the ${step.to} station…`;
  });

  // ---- state ----
  let text = '';
  let ctx: ClinicContext = { step: 'search', answers: {} };
  let source: FeedbackSource = {};
  observeSurface(surface, rt.log, () => source);
  feedback.addEventListener('jig-feedback', (e) => {
    if (source.layoutId) line.feedback(source.layoutId, e.detail.rating);
    void rt.shipper.shipNow();
  });

  const showStep = (step: Step) => {
    const at = STEPS.findIndex((s) => s.id === step);
    progress.querySelectorAll('li').forEach((li, i) => {
      li.classList.toggle('done', i < at);
      if (i === at) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
  };
  showStep('search');

  // No layout shift while a step streams in: the frame keeps the tallest height of this booking
  // until the visitor starts over, so nothing below it jumps as nodes paint.
  let reserved = 0;
  const reserve = () => {
    reserved = Math.max(reserved, frame.getBoundingClientRect().height);
    frame.style.minHeight = `${Math.ceil(reserved)}px`;
  };
  surface.addEventListener('jig-render', () => {
    // Answers so far go into the layout's `/booking` data (the recipe holds the structure).
    const model = surface.model;
    if (model?.get('/booking') && typeof model.get('/booking') === 'object') {
      for (const [k, v] of Object.entries(fillFor(ctx.answers))) model.set(`/booking/${k}`, v);
    }
    requestAnimationFrame(reserve);
  });

  let running: AbortController | null = null;
  cancel.addEventListener('click', () => running?.abort(new DOMException('cancelled by the visitor', 'AbortError')));
  const busy = (on: boolean) => {
    working.hidden = !on;
    submit.disabled = on;
    for (const b of chips.querySelectorAll('button')) b.disabled = on;
    frame.setAttribute('aria-busy', String(on));
  };

  /** Moves the visitor to the new step: its heading gets focus and comes into view (below the sticky header). */
  const arrive = () => {
    const heading = surface.querySelector<HTMLElement>('.jig-layout:not([hidden]):not([data-draft]) jig-heading');
    const target = heading?.shadowRoot?.querySelector<HTMLElement>('[part="base"]') ?? frame;
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
    (heading ?? frame).scrollIntoView({
      block: 'start',
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
  };

  async function assemble(options: { push?: boolean } = {}): Promise<void> {
    reserve();
    placeholder.hidden = true;
    surface.context = ctx;
    scenarioState.intent = text;
    scenarioState.context = ctx;
    served.textContent = '';
    activity.textContent = 'Starting…';
    // The rating is for the layout on screen: it returns with the next one.
    feedback.hidden = true;
    served.dataset.state = 'busy';
    showStep(ctx.step);
    running?.abort();
    const ctrl = new AbortController();
    running = ctrl;
    busy(true);
    const t0 = performance.now();
    const tick = () => {
      elapsed.textContent = `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    };
    tick();
    const timer = setInterval(tick, 200);
    let r: LineResult | null;
    try {
      r = await surface.assemble({ intent: text, context: ctx, signal: ctrl.signal });
    } catch (err) {
      r = null;
      if (!ctrl.signal.aborted) {
        served.textContent = `Something went wrong on this page: ${err instanceof Error ? err.message : String(err)}`;
        served.dataset.state = 'bad';
        console.error(err);
      }
    } finally {
      clearInterval(timer);
      if (running === ctrl) {
        running = null;
        busy(false);
      }
    }
    if (!r) {
      if (ctrl.signal.aborted && running === null) {
        served.textContent = 'Cancelled: the page is as it was. Ask again whenever you like.';
        served.dataset.state = 'ok';
      }
      return; // cancelled, or a newer request replaced this one
    }
    // The dashboard shows this visit as soon as it happened (the shipper retries if the server is busy).
    void rt.shipper.shipNow();
    traces.push(r.trace);
    history.append(
      el(
        'option',
        { value: String(traces.length - 1) },
        `${traces.length}. ${ctx.step} — ${r.station ?? 'nothing'} (${Math.round(r.ms)} ms)`,
      ),
    );
    history.value = String(traces.length - 1);
    const premium = r.trace.steps.find((s) => s.kind === 'attempt' && s.station === 'premium');
    if (premium?.kind === 'attempt') rt.notePremium(premium.error?.code ?? (premium.ok ? null : 'gates_failed'));
    const rendered = r.trace.steps.find((s) => s.kind === 'rendered');
    source =
      rendered?.kind === 'rendered'
        ? {
            layoutId: rendered.layoutId,
            station: rendered.station,
            model: rendered.model,
            line: line.id,
            lineVersion: line.version,
            promptVersion: String(line.config.prompts?.version ?? 'default'),
          }
        : { line: line.id, lineVersion: line.version };
    feedback.source = source;
    feedback.hidden = !r.layout;
    scenarioState.layout = surface.layout;
    served.dataset.state = r.fallback ? 'warn' : 'ok';
    const took =
      r.ms < 10 ? `${r.ms.toFixed(1)} ms` : r.ms < 1000 ? `${Math.round(r.ms)} ms` : `${(r.ms / 1000).toFixed(1)} s`;
    const cost = `$${r.costUsd.toFixed(r.costUsd ? 5 : 0)}`;
    const by = rendered?.kind === 'rendered' ? rendered.model : r.station;
    served.textContent = r.fallback
      ? "This request needs a person: the clinic's own page is showing (the trace says why)."
      : r.station === 'cache'
        ? `Step “${STEPS.find((s) => s.id === ctx.step)?.label}” served by the cache station (the site's recipe) in ${took} · ${cost}.`
        : `Assembled for this request by ${by} (the ${r.station} station) in ${took} · ${cost}.`;
    // A fallback is the search form: the visitor continues from there.
    if (r.fallback) {
      ctx = { step: 'search', answers: ctx.answers };
      showStep('search');
    }
    // Each step is a history entry: the browser's Back returns to the step before.
    if (options.push !== false) window.history.pushState({ clinic: { ctx, text } }, '', location.hash || '#clinic');
    if (r.layout) requestAnimationFrame(arrive);
  }

  window.addEventListener('popstate', (e) => {
    const st = (e.state as { clinic?: { ctx: ClinicContext; text: string } } | null)?.clinic;
    if (!container.isConnected || !st) return;
    ctx = st.ctx;
    text = st.text;
    intent.value = text;
    void assemble({ push: false });
  });

  ask.addEventListener('submit', (e) => {
    e.preventDefault();
    text = intent.value.trim().replace(/\s+/g, ' ');
    if (!text) {
      intent.focus();
      return;
    }
    // The input stops at MAX_INTENT; a longer value set from script is refused here, before any model sees it.
    if (text.length > MAX_INTENT) {
      served.dataset.state = 'warn';
      served.textContent = `That request is ${text.length} characters long; please say it in ${MAX_INTENT} or fewer.`;
      intent.focus();
      return;
    }
    reserved = 0;
    frame.style.minHeight = '';
    const read = readIntent(text);
    ctx = {
      step: 'search',
      answers: {
        ...(read.specialty ? { specialty: read.specialty } : {}),
        when: read.when ?? 'next-week',
        ...(read.day ? { day: read.day } : {}),
        ...(read.site ? { site: read.site } : {}),
      },
    };
    void assemble();
  });

  surface.addEventListener('jig-action', (e: CustomEvent<JigActionDetail>) => {
    const { action, nodeId, data } = e.detail;
    const b = (data.booking ?? {}) as Record<string, unknown>;
    const a: Answers = { ...ctx.answers };
    switch (action) {
      case 'search':
        a.specialty = str(b.specialty) ?? a.specialty;
        a.when = (str(b.when) as When | undefined) ?? a.when;
        a.site = str(b.site) ?? 'any';
        ctx = { step: 'choose', answers: a };
        break;
      case 'choose-slot': {
        const slot = slotFor(nodeId) ?? slotFor(String(b.slot ?? ''));
        if (!slot) return;
        a.slot = slot.id;
        ctx = { step: 'details', answers: a };
        break;
      }
      case 'confirm-details':
        a.name = str(b.name);
        a.email = str(b.email);
        a.phone = str(b.phone);
        a.reason = str(b.reason);
        if (!a.name || !a.email) return;
        a.reference = `NH-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
        ctx = { step: 'confirm', answers: a };
        break;
      case 'back': {
        const at = STEPS.findIndex((s) => s.id === ctx.step);
        ctx = { step: STEPS[Math.max(0, at - 1)]!.id, answers: a };
        break;
      }
      case 'start-over':
        ctx = { step: 'search', answers: { when: 'next-week' } };
        reserved = 0;
        frame.style.minHeight = '';
        intent.focus();
        break;
      default:
        return;
    }
    void assemble();
  });
}
