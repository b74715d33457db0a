// The demo's tuning panel in Chromium: simulate visitors, tune, deploy as canary, roll back —
// on the local stores, since the test server has no /v1/lines.
import { expect } from '@open-wc/testing';
import { after, describe, it } from '../events/bdd.js';
import { mount } from '../../../demo/panels/tuning.js';

const click = async (root: HTMLElement, label: string, wait: (s: string) => boolean) => {
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent === label)!;
  b.click();
  const status = root.querySelector('[role=status]')!;
  for (let i = 0; i < 400 && (b.disabled || !wait(status.textContent ?? '')); i++)
    await new Promise((r) => requestAnimationFrame(r));
  return status.textContent ?? '';
};

describe('demo tuning panel', () => {
  after(async () => {
    for (const n of ['jig-demo-tuning-events', 'jig-demo-tuning-versions'])
      await new Promise((r) => {
        const q = indexedDB.deleteDatabase(n);
        q.onsuccess = q.onerror = q.onblocked = r;
      });
  });

  it('lists versions, tunes on simulated visitors, deploys the proposal as a canary and rolls it back', async () => {
    const root = document.createElement('section');
    document.body.append(root);
    await mount(root);
    expect(root.querySelector('[role=status]')!.textContent).to.match(/this browser only/);
    expect(root.querySelectorAll('tbody tr').length).to.equal(1);
    expect(await click(root, 'Simulate 300 visitors', (s) => s.startsWith('300'))).to.match(/300 simulated visits/);
    expect(await click(root, 'Tune now', (s) => /Proposal|nothing/.test(s))).to.match(/Proposal ready/);
    expect(root.querySelector('pre')!.textContent).to.match(/routing "sales-dashboard"|prompt variant weights/);
    expect(await click(root, 'Deploy as canary', (s) => /canary/.test(s))).to.match(/runs as a canary on 30%/);
    const roles = [...root.querySelectorAll('tbody tr td:nth-child(2)')].map((td) => td.textContent);
    expect(roles).to.include('canary 30%');
    expect(await click(root, 'Roll back', (s) => /Rolled back/.test(s))).to.match(/version 1 serves everyone/);
    expect([...root.querySelectorAll('tbody tr td:nth-child(2)')].map((td) => td.textContent)).to.not.include(
      'canary 30%',
    );
    root.remove();
  });
});
