// Layouts and a line config shared by the line's browser tests.
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { LineConfig } from '../../../src/line/config.js';

export const booking: LayoutDocument = {
  version: 1,
  title: 'Book a table',
  root: 'page',
  data: { guest: { name: '', party: 2 } },
  nodes: [
    { id: 'page', type: 'stack', children: ['h', 'f'] },
    { id: 'h', type: 'heading', props: { text: 'Book a table', level: 1 } },
    { id: 'f', type: 'form', props: { action: 'reserve', submitLabel: 'Reserve' }, children: ['name', 'party'] },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
    { id: 'party', type: 'number-field', props: { label: 'Guests', bind: '/guest/party', min: 1 } },
  ],
};

/** Same skeleton and bindings as `booking`, other words. */
export const bookingReworded: LayoutDocument = JSON.parse(
  JSON.stringify(booking).replace('Book a table', 'Reserve a seat').replace('Guests', 'People'),
);

export const dashboard: LayoutDocument = {
  version: 1,
  root: 'g',
  data: { sales: 120 },
  nodes: [
    { id: 'g', type: 'grid', props: { columns: 2 }, children: ['s1', 's2', 't'] },
    { id: 's1', type: 'stat', props: { label: 'Sales', value: { $data: '/sales' } } },
    { id: 's2', type: 'stat', props: { label: 'Visits', value: 10 } },
    { id: 't', type: 'text', props: { text: 'Updated hourly' } },
  ],
};

export const tabs: LayoutDocument = {
  version: 1,
  root: 'tabs',
  nodes: [
    { id: 'tabs', type: 'tabs', children: ['a'] },
    { id: 'a', type: 'tab', props: { label: 'One' }, children: ['c'] },
    { id: 'c', type: 'callout', props: { text: 'Hello', tone: 'warning' } },
  ],
};

export const fallbackLayout: LayoutDocument = {
  version: 1,
  root: 'c',
  nodes: [
    {
      id: 'c',
      type: 'callout',
      props: { title: 'Not available', text: 'This part of the page could not be assembled right now.' },
    },
  ],
};

/** Fails the catalog gate (unknown type). */
export const broken = JSON.stringify({ version: 1, root: 'p', nodes: [{ id: 'p', type: 'carousel' }] });

export const json = (l: LayoutDocument) => JSON.stringify(l);

export function config(bucket: string, over: Partial<LineConfig> = {}): LineConfig {
  return {
    id: 'test-line',
    version: '1',
    stations: [
      { kind: 'cache' },
      { kind: 'browser' },
      { kind: 'premium', endpoint: `/__test/premium/${bucket}/v1/assemble`, model: 'standin-premium' },
      { kind: 'fallback', layout: fallbackLayout },
    ],
    repair: { max: 1 },
    prices: { 'standin-premium': { input: 2.5, output: 10 }, replay: { input: 0, output: 0 } },
    ...over,
  };
}

export async function resetPremium(bucket: string, opts: Record<string, unknown> = {}): Promise<void> {
  await fetch(`/__test/premium/${bucket}/reset`, { method: 'POST', body: JSON.stringify(opts) });
}

export async function premiumState(bucket: string): Promise<{ requests: number; bodies: Array<Record<string, any>> }> {
  return (await fetch(`/__test/premium/${bucket}/state`)).json();
}
