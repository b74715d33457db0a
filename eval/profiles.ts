// Simulated stations for the eval: a seeded random source, a virtual clock, a browser engine that
// writes layouts from the template library with defects at the profile's failure rate, and a
// premium endpoint stand-in with its own success rate, latency and token counts.
import {
  EngineError,
  createRun,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
} from '../src/engines/engine.js';
import { DEFECTS, layoutFor, withDefect, type EvalIntent } from './templates.js';

export { seededRandom as mulberry32 } from '../src/util/random.js';

/** Log-normal around a median, with a spread (sigma of the log). */
export function lognormal(rng: () => number, median: number, sigma: number): number {
  const u = Math.max(1e-9, rng());
  const v = rng();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

/** Time in the eval is virtual: stations advance it by their simulated latency. */
export const clock = { t: 0 };
export function useVirtualClock(): void {
  performance.now = () => clock.t;
}

export interface BrowserProfile {
  name: string;
  /** Chance the first answer passes every gate, by difficulty. */
  pass: Record<EvalIntent['difficulty'], number>;
  /** Chance a repair fixes it. */
  repair: number;
  /** Chance a passing answer is a structurally different alternative (votes disagree). */
  vary: number;
  /** Median latency of one answer (ms) and its spread. */
  latencyMs: number;
  sigma: number;
  /** Chance the engine fails mid-stream (worker crash, device lost). */
  crash: number;
  pricePerMTok: { input: number; output: number };
}

export interface PremiumProfile {
  name: string;
  /** Chance the server answers with a layout that passes (it repairs once itself). */
  pass: number;
  /** Chance of a 5xx (upstream down). */
  down: number;
  latencyMs: number;
  sigma: number;
  promptTokens: number;
  pricePerMTok: { input: number; output: number };
}

export const BROWSER_PROFILES: BrowserProfile[] = [
  {
    name: 'small-360m-sim',
    pass: { easy: 0.78, medium: 0.6, hard: 0.3 },
    repair: 0.5,
    vary: 0.15,
    latencyMs: 1800,
    sigma: 0.35,
    crash: 0.01,
    pricePerMTok: { input: 0, output: 0 },
  },
  {
    name: 'mid-1.5b-sim',
    pass: { easy: 0.9, medium: 0.78, hard: 0.5 },
    repair: 0.65,
    vary: 0.1,
    latencyMs: 2600,
    sigma: 0.3,
    crash: 0.01,
    pricePerMTok: { input: 0, output: 0 },
  },
];

export const PREMIUM_PROFILE: PremiumProfile = {
  name: 'premium-4o-sim',
  pass: 0.985,
  down: 0.005,
  latencyMs: 3500,
  sigma: 0.3,
  promptTokens: 2600,
  pricePerMTok: { input: 2.5, output: 10 },
};

const tokens = (text: string) => Math.ceil(text.length / 3.5);

export function intentOf(prompt: string): string {
  return /Intent: (.*)/.exec(prompt)?.[1] ?? '';
}

/** A browser engine answering from the template library at the profile's rates. */
export class SimEngine implements Engine {
  readonly kind = 'webllm' as const;
  readonly model: string;
  #loaded = false;
  constructor(
    private readonly profile: BrowserProfile,
    private readonly intents: Map<string, EvalIntent>,
    private readonly rng: () => number,
  ) {
    this.model = profile.name;
  }
  async load(): Promise<void> {
    this.#loaded = true;
  }
  async unload(): Promise<void> {
    this.#loaded = false;
  }
  info(): EngineInfo {
    return { kind: this.kind, model: this.model, loaded: this.#loaded, tokens: { input: 0, output: 0 } };
  }

  generate(req: GenerateRequest): GenerateRun {
    const { run, push, end, fail } = createRun();
    const it =
      this.intents.get(intentOf(req.prompt)) ??
      ({ intent: '', category: 'edge', difficulty: 'hard', kind: 'nonsense' } as EvalIntent);
    const p = this.profile;
    const repair = req.prompt.includes('Your previous answer');
    const ok = this.rng() < (repair ? p.repair : p.pass[it.difficulty]);
    const crash = this.rng() < p.crash;
    const alt = this.rng() < p.vary ? 1 + Math.floor(this.rng() * 2) : 0;
    const text = ok
      ? JSON.stringify(layoutFor(it, alt))
      : withDefect(layoutFor(it, alt), DEFECTS[Math.floor(this.rng() * DEFECTS.length)]!);
    const ms = Math.max(50, lognormal(this.rng, p.latencyMs * (repair ? 1.2 : 1), p.sigma));
    void Promise.resolve().then(() => {
      clock.t += ms;
      if (crash) {
        fail(new EngineError('worker-crashed', 'webllm', 'the simulated worker stopped'));
        return;
      }
      push(text);
      end({
        text,
        usage: { inputTokens: tokens(req.prompt) + 400, outputTokens: tokens(text) },
        ms,
        model: this.model,
        finishReason: 'stop',
      });
    });
    return run;
  }
}

/** A premium /v1/assemble stand-in as a fetch function (JSON answers, like the real server). */
export function simPremiumFetch(
  profile: PremiumProfile,
  intents: Map<string, EvalIntent>,
  rng: () => number,
  counter: { calls: number },
): typeof fetch {
  return (async (_url: string, init?: RequestInit) => {
    counter.calls++;
    const body = JSON.parse(String(init?.body ?? '{}')) as { intent: string; failed?: { layout: unknown } };
    const it =
      intents.get(body.intent) ??
      ({ intent: body.intent, category: 'edge', difficulty: 'hard', kind: 'nonsense' } as EvalIntent);
    const ms = Math.max(200, lognormal(rng, profile.latencyMs, profile.sigma));
    clock.t += ms;
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
    if (rng() < profile.down)
      return json(503, { error: { code: 'upstream_unavailable', message: 'simulated outage' } });
    const layout = layoutFor(it, 0);
    const out = tokens(JSON.stringify(layout));
    const inTok = profile.promptTokens + tokens(body.intent) + (body.failed ? tokens(JSON.stringify(body.failed)) : 0);
    if (rng() >= profile.pass) {
      return json(422, {
        error: { code: 'layout_invalid', message: 'simulated: still invalid after one repair' },
        layout: null,
        model: profile.name,
        usage: { inputTokens: inTok * 2 + out, outputTokens: out * 2 },
        repaired: true,
        issues: [{ gate: 'catalog', code: 'unknown_type', path: '/nodes/1/type', message: 'unknown component' }],
      });
    }
    return json(200, {
      layout,
      model: profile.name,
      usage: { inputTokens: inTok, outputTokens: out },
      repaired: false,
    });
  }) as typeof fetch;
}
