// A browser station that names no engines runs on what this browser can do: capability
// detection picks the engines (or none), records why, and the line moves on when none runs.
import { expect } from '@open-wc/testing';
import { createLine } from '../../../src/line/index.js';
import { createEventLog } from '../../../src/events/log.js';
import type { JigEvent } from '../../../src/events/event.js';

const fallback = { version: 1, root: 'c', nodes: [{ id: 'c', type: 'callout', props: { text: 'Call us.' } }] };

describe('browser station without named engines', () => {
  it('detects capabilities once, records capabilities.detected, and falls through with the reasons when no engine runs here', async () => {
    const events: JigEvent[] = [];
    const log = createEventLog({ context: { session: 's-detect' } });
    log.on((e) => events.push(e));
    const line = createLine(
      { id: 'detect', version: '1', stations: [{ kind: 'browser' }, { kind: 'fallback', layout: fallback }] },
      { log },
    );
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('fallback');
    expect(r.fallback).to.equal(true);
    const detected = events.filter((e) => e.type === 'capabilities.detected');
    expect(detected).to.have.length(1);
    expect(detected[0]!.attrs).to.have.property('webgpu.available');
    // In this headless Chromium: a software WebGPU adapter (not used for WebLLM), no built-in model,
    // and no GGUF URL for wllama, so the trace says the browser station had nothing to run, and why.
    const text = JSON.stringify(r.trace);
    expect(text).to.contain('this browser runs no engine here');
    expect(text).to.contain('no wllama');
    await line.assemble({ intent: 'Show my bookings' });
    expect(
      events.filter((e) => e.type === 'capabilities.detected'),
      'detection runs once per line',
    ).to.have.length(1);
  });
});
