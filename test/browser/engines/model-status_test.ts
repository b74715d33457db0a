// <jig-model-status> with real engines: the tiny wllama model for a load that succeeds, a
// missing file for one that fails, and Cancel and Retry through its own buttons.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../components/model-status/model-status.js';
import type { JigModelStatus } from '../../../components/model-status/model-status.component.js';
import type { Engine, LoadOptions } from '../../../src/engines/engine.js';
import { WllamaEngine } from '../../../src/engines/wllama/wllama-engine.js';
import { WebLLMEngine } from '../../../src/engines/webllm/webllm-engine.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;
const MISSING = new URL('/test/fixtures/models/gone.gguf', location.href).href;
const plan = {
  kind: 'wllama' as const,
  model: 'tiny-random',
  reason: 'no WebGPU adapter: using wllama on the CPU (1 thread)',
  note: 'Random-weights test model: its output is noise.',
  options: { modelUrl: TINY },
};

const part = (el: JigModelStatus, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

describe('<jig-model-status>', () => {
  it('shows the engine, the reason and the note, and is accessible before loading', async () => {
    const el = await fixture<JigModelStatus>(
      html`<jig-model-status .plan=${plan} .engine=${new WllamaEngine({ modelUrl: TINY, useCache: false })}></jig-model-status>`,
    );
    expect(part(el, 'engine')!.textContent).to.equal('wllama (CPU) · tiny-random');
    expect(part(el, 'reason')!.textContent).to.contain('no WebGPU adapter');
    expect(part(el, 'note')!.textContent).to.contain('Random-weights test model');
    expect(part(el, 'load-button')).to.exist;
    const progress = part(el, 'progress') as HTMLProgressElement;
    expect(el.shadowRoot!.querySelector(`label[for="${progress.id}"]`)).to.exist;
    expect(part(el, 'status')!.getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();
  });

  it('loads with a progress bar that reaches 100% and fires jig-model-ready', async () => {
    const engine = new WllamaEngine({ modelUrl: TINY, model: 'tiny-random', useCache: false });
    const el = await fixture<JigModelStatus>(
      html`<jig-model-status .plan=${plan} .engine=${engine}></jig-model-status>`,
    );
    const fractions: number[] = [];
    el.addEventListener('jig-model-progress', (e) => {
      if (e.detail.progress.fraction !== undefined) fractions.push(e.detail.progress.fraction);
    });
    const ready = oneEvent(el, 'jig-model-ready');
    part(el, 'load-button')!.click();
    const { detail } = await ready;
    expect(detail.engine).to.equal(engine);
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect((part(el, 'progress') as HTMLProgressElement).value).to.equal(1);
    expect(fractions.at(-1)).to.equal(1);
    expect(part(el, 'status')!.textContent).to.contain('ready');
    expect(part(el, 'size')!.textContent).to.match(/kB download/);
    await engine.unload();
  });

  it('shows the failure code and message, and Retry loads again', async () => {
    let attempts = 0;
    // The first attempt's file is missing (as when a server is down); the retry finds the model.
    const loader = async (opts: LoadOptions): Promise<Engine> => {
      attempts++;
      const engine = new WllamaEngine({ modelUrl: attempts === 1 ? MISSING : TINY, useCache: false });
      await engine.load(opts);
      return engine;
    };
    const el = await fixture<JigModelStatus>(
      html`<jig-model-status .plan=${plan} .loader=${loader} autoload></jig-model-status>`,
    );
    const { detail } = await oneEvent(el, 'jig-model-error');
    expect(detail.code).to.equal('load-failed');
    await el.updateComplete;
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('load-failed');
    expect(error.textContent).to.contain('gone.gguf');
    await expect(el).to.be.accessible();
    const ready = oneEvent(el, 'jig-model-ready');
    part(el, 'retry-button')!.click();
    const done = await ready;
    await el.updateComplete;
    expect(attempts).to.equal(2);
    expect(part(el, 'error')).to.equal(null);
    expect(el.state).to.equal('ready');
    await done.detail.engine.unload();
  });

  it('Cancel stops the load and shows it as aborted, with Retry', async () => {
    const el = await fixture<JigModelStatus>(
      html`<jig-model-status .engine=${new WllamaEngine({ modelUrl: TINY, useCache: false })}></jig-model-status>`,
    );
    const failed = oneEvent(el, 'jig-model-error');
    void el.load();
    await el.updateComplete;
    part(el, 'cancel-button')!.click();
    const { detail } = await failed;
    expect(detail.code).to.equal('aborted');
    await el.updateComplete;
    expect(part(el, 'error')!.textContent).to.contain('aborted');
    expect(part(el, 'retry-button')).to.exist;
  });

  it('shows WebLLM failing offline with its reason', async () => {
    const engine = new WebLLMEngine({ model: 'SmolLM2-360M-Instruct-q4f32_1-MLC' });
    const el = await fixture<JigModelStatus>(html`<jig-model-status .engine=${engine} autoload></jig-model-status>`);
    const { detail } = await oneEvent(el, 'jig-model-error');
    await el.updateComplete;
    expect(detail.code).to.equal('load-failed');
    expect(part(el, 'engine')!.textContent).to.contain('WebLLM');
    expect(part(el, 'error')!.textContent).to.match(/Failed to fetch/);
    await engine.unload();
  });
});
