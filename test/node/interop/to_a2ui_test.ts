// toA2UI: a Jig document as A2UI v0.9 messages; Jig → A2UI → Jig gives the same document, and
// what A2UI's basic catalog cannot hold is reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromA2UI, toA2UI, toJsonl } from '../../../src/interop/index.js';

const booking = {
  version: 1,
  root: 'root',
  data: {
    guest: { name: '', party: 2, notes: '', day: '', agree: false, seat: 'in' },
    courses: [{ name: 'Soup', chosen: false }],
  },
  nodes: [
    {
      id: 'root',
      type: 'stack',
      props: { direction: 'column' },
      children: ['h', 'pic', 'row', 'card', 'courses', 'tabs', 'help'],
    },
    { id: 'h', type: 'heading', props: { text: 'Book a table', level: 1 } },
    { id: 'pic', type: 'image', props: { src: 'https://example.org/room.jpg', alt: 'The dining room' } },
    { id: 'row', type: 'stack', props: { direction: 'row', align: 'center' }, children: ['ic', 'note'] },
    { id: 'ic', type: 'icon', props: { name: 'calendar' } },
    { id: 'note', type: 'text', props: { text: 'Open daily', tone: 'muted' } },
    { id: 'card', type: 'card', children: ['form'] },
    {
      id: 'form',
      type: 'stack',
      props: { direction: 'column' },
      children: ['name', 'notes', 'party', 'day', 'agree', 'seat', 'go'],
    },
    {
      id: 'name',
      type: 'text-field',
      props: { label: 'Name', bind: '/guest/name', required: true, inputType: 'email' },
    },
    { id: 'notes', type: 'text-field', props: { label: 'Notes', bind: '/guest/notes', multiline: true } },
    { id: 'party', type: 'slider', props: { label: 'Guests', bind: '/guest/party', min: 1, max: 12 } },
    { id: 'day', type: 'date-field', props: { label: 'Day', bind: '/guest/day', min: '2026-12-01' } },
    { id: 'agree', type: 'checkbox', props: { label: 'I agree', bind: '/guest/agree' } },
    {
      id: 'seat',
      type: 'radio-group',
      props: {
        label: 'Seat',
        bind: '/guest/seat',
        options: [
          { value: 'in', label: 'Inside' },
          { value: 'out', label: 'Terrace' },
        ],
      },
    },
    { id: 'go', type: 'button', props: { label: 'Reserve', action: 'reserve', variant: 'primary' } },
    { id: 'courses', type: 'stack', props: { direction: 'column' }, children: ['course'] },
    { id: 'course', type: 'checkbox', props: { label: 'Chosen', bind: 'chosen' }, repeat: '/courses' },
    { id: 'tabs', type: 'tabs', children: ['tabs-tab-1', 'tabs-tab-2'] },
    { id: 'tabs-tab-1', type: 'tab', props: { label: 'Menu' }, children: ['m'] },
    { id: 'm', type: 'text', props: { text: 'Seasonal.' } },
    { id: 'tabs-tab-2', type: 'tab', props: { label: 'Map' }, children: ['d'] },
    { id: 'd', type: 'divider' },
    { id: 'help', type: 'dialog', props: { trigger: 'Help', title: 'Help' }, children: ['ht'] },
    { id: 'ht', type: 'text', props: { text: 'Call us.' } },
  ],
};

const sortNodes = (d: { nodes: { id: string }[] }) => ({
  ...d,
  nodes: [...d.nodes].sort((a, b) => a.id.localeCompare(b.id)),
});

test('Jig → A2UI v0.9 → Jig gives the same document', () => {
  const out = toA2UI(booking);
  assert.ok(out.ok, JSON.stringify(out.issues));
  assert.equal((out.messages[0] as { version: string }).version, 'v0.9');
  const back = fromA2UI(toJsonl(out.messages));
  assert.ok(back.ok, JSON.stringify(back.surfaces[0]?.issues, null, 1));
  assert.deepEqual(sortNodes(back.surfaces[0]!.layout! as never), sortNodes(booking as never));
});

test("what A2UI's basic catalog cannot hold is reported, not dropped", () => {
  const doc = {
    version: 1,
    root: 'root',
    data: { on: true },
    nodes: [
      { id: 'root', type: 'stack', children: ['s', 'v'] },
      { id: 's', type: 'stat', props: { label: 'Sales', value: 3 } },
      { id: 'v', type: 'text', props: { text: 'Shown when on' }, visible: { $data: '/on', eq: true } },
    ],
  };
  const out = toA2UI(doc);
  assert.equal(out.ok, false);
  assert.deepEqual(
    out.issues.map((i) => [i.code, i.path]),
    [
      ['unsupported_feature', '/nodes/1'],
      ['unsupported_feature', '/nodes/2/visible'],
    ],
  );
});

test('a root with another id is written as "root" and the renaming is a warning', () => {
  const out = toA2UI({ version: 1, root: 'page', nodes: [{ id: 'page', type: 'text', props: { text: 'Hi' } }] });
  assert.ok(out.ok);
  assert.ok(out.warnings.some((w) => w.code === 'renamed_id'));
  const comps = (out.messages.at(-1) as { updateComponents: { components: { id: string }[] } }).updateComponents
    .components;
  assert.deepEqual(
    comps.map((c) => c.id),
    ['root'],
  );
});

test("a document that fails Jig's gates is not exported", () => {
  const out = toA2UI({
    version: 1,
    root: 'x',
    nodes: [{ id: 'x', type: 'link', props: { text: 'x', href: 'javascript:alert(1)' } }],
  });
  assert.equal(out.ok, false);
  assert.deepEqual(out.messages, []);
  assert.equal(out.issues[0]!.code, 'unsafe_url');
});
