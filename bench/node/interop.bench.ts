// Jig's gates on imported peer documents beside the peers' own checks on the same documents:
// a 500-component A2UI v0.9 surface (A2UI's web_core MessageProcessor) and a 500-element
// json-render spec (json-render's validateSpec); plus what refusing hostile peer input costs.
import { MessageProcessor } from '@a2ui/web_core/v0_9';
import { basicCatalog } from '@a2ui/web_core/v0_9/basic_catalog';
import { validateSpec } from '@json-render/core';
import { detectFormat, fromA2UI, fromJsonRender } from '../../src/interop/index.js';
import { alternate, cpuClock, pairedRow, soloRow, spread, timeSlice } from '../support/stats.js';

const SLICE = 60;
const RUNS = 15;
const clock = cpuClock ?? (() => performance.now());
const vs = (a: () => unknown, b: () => unknown) =>
  alternate(
    () => timeSlice(a, SLICE, clock),
    () => timeSlice(b, SLICE, clock),
    { runs: RUNS, warmup: 2 },
  );
const BASIC = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';

/** A v0.9 surface of `size` components: a column of text, fields, checkboxes and labelled buttons. */
export function a2uiSurface(size: number): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [];
  const kids: string[] = [];
  const data: Record<string, unknown> = { f: {} };
  let i = 0;
  while (components.length < size - 1 - Math.ceil(size / 50)) {
    const id = `c${i}`;
    switch (i % 4) {
      case 0:
        components.push({ id, component: 'Text', text: `Line ${i}`, variant: i % 40 === 0 ? 'h2' : 'body' });
        break;
      case 1:
        components.push({ id, component: 'TextField', label: `Field ${i}`, value: { path: `/f/t${i}` } });
        (data.f as Record<string, unknown>)[`t${i}`] = '';
        break;
      case 2:
        components.push({ id, component: 'CheckBox', label: `Box ${i}`, value: { path: `/f/b${i}` } });
        (data.f as Record<string, unknown>)[`b${i}`] = false;
        break;
      default:
        if (components.length > size - 3) {
          components.push({ id, component: 'Divider' });
          break;
        }
        components.push(
          { id: `${id}-l`, component: 'Text', text: `Go ${i}` },
          { id, component: 'Button', child: `${id}-l`, action: { event: { name: 'go', context: { n: i } } } },
        );
    }
    kids.push(id);
    i++;
  }
  // Jig takes at most 200 children a node: the items sit in columns of 50 under the root.
  const groups: string[] = [];
  for (let g = 0; g * 50 < kids.length; g++) {
    groups.push(`g${g}`);
    components.push({ id: `g${g}`, component: 'Column', children: kids.slice(g * 50, g * 50 + 50) });
  }
  components.unshift({ id: 'root', component: 'Column', children: groups });
  return [
    { version: 'v0.9', createSurface: { surfaceId: 'bench', catalogId: BASIC } },
    { version: 'v0.9', updateDataModel: { surfaceId: 'bench', value: data } },
    { version: 'v0.9', updateComponents: { surfaceId: 'bench', components } },
  ];
}

/** A json-render spec of `size` elements from the shadcn profile, bound to state. */
export function jsonRenderSpec(size: number): Record<string, unknown> {
  const elements: Record<string, unknown> = {};
  const kids: string[] = [];
  const state: Record<string, unknown> = {};
  for (let i = 0; i < size - 1 - Math.ceil(size / 50); i++) {
    const key = `e${i}`;
    kids.push(key);
    switch (i % 4) {
      case 0:
        elements[key] = { type: 'Text', props: { text: `Line ${i}` } };
        break;
      case 1:
        elements[key] = { type: 'Input', props: { label: `Field ${i}`, name: key, value: { $bindState: `/v${i}` } } };
        state[`v${i}`] = '';
        break;
      case 2:
        elements[key] = {
          type: 'Checkbox',
          props: { label: `Box ${i}`, name: key, checked: { $bindState: `/c${i}` } },
        };
        state[`c${i}`] = false;
        break;
      default:
        elements[key] = {
          type: 'Button',
          props: { label: `Go ${i}` },
          on: { press: { action: 'go', params: { n: i } } },
        };
    }
  }
  const groups: string[] = [];
  for (let g = 0; g * 50 < kids.length; g++) {
    groups.push(`g${g}`);
    elements[`g${g}`] = { type: 'Stack', props: { direction: 'vertical' }, children: kids.slice(g * 50, g * 50 + 50) };
  }
  elements.root = { type: 'Stack', props: { direction: 'vertical' }, children: groups };
  return { root: 'root', state, elements };
}

export default async function () {
  const results = [];
  const messages = a2uiSurface(500);
  const jig = fromA2UI(messages);
  if (!jig.ok)
    throw new Error(
      `the A2UI benchmark surface fails: ${JSON.stringify(jig.surfaces[0]?.issues.slice(0, 3) ?? jig.issues)}`,
    );
  const peer = () => {
    const p = new MessageProcessor([basicCatalog]);
    p.processMessages(structuredClone(messages) as never);
    return p;
  };
  const count = peer().model.getSurface?.('bench') ?? true;
  if (!count) throw new Error('web_core did not create the surface');
  results.push(
    pairedRow(
      'A2UI v0.9, 500-component surface: fromA2UI (projection + all seven gates)',
      'µs',
      await vs(() => fromA2UI(messages), peer),
      'A2UI web_core v0.9 MessageProcessor.processMessages (schema checks, component models; fresh processor)',
      { digits: 1 },
    ),
  );
  const text = messages.map((m) => JSON.stringify(m)).join('\n');
  results.push(
    pairedRow(
      `A2UI v0.9, 500-component surface as JSONL text (${(text.length / 1024).toFixed(0)} kB): fromA2UI`,
      'µs',
      await vs(
        () => fromA2UI(text),
        () => {
          const p = new MessageProcessor([basicCatalog]);
          p.processMessages(text.split('\n').map((l) => JSON.parse(l)));
        },
      ),
      'JSON.parse per line + web_core MessageProcessor',
      { digits: 1 },
    ),
  );

  const spec = jsonRenderSpec(500);
  const jr = fromJsonRender(spec);
  if (!jr.ok) throw new Error(`the json-render benchmark spec fails: ${JSON.stringify(jr.issues.slice(0, 3))}`);
  if (validateSpec(spec as never).issues?.some?.((i: { severity?: string }) => i.severity === 'error'))
    throw new Error("json-render's validateSpec refuses the benchmark spec");
  results.push(
    pairedRow(
      'json-render, 500-element spec: fromJsonRender (projection + all seven gates)',
      'µs',
      await vs(
        () => fromJsonRender(spec),
        () => validateSpec(spec as never),
      ),
      "json-render's validateSpec (structure only: root, children, visible/repeat placement)",
      { digits: 1 },
    ),
  );
  // `format: 'auto'` (the surface, `jig check --from auto`, POST /v1/gate) tells a whole object by
  // its top-level keys before the format's own parser reads it.
  const specText = JSON.stringify(spec);
  if (detectFormat(specText) !== 'json-render') throw new Error('detectFormat does not tell the benchmark spec');
  results.push(
    pairedRow(
      `json-render, 500-element spec as text (${(specText.length / 1024).toFixed(0)} kB): detectFormat (top-level key scan)`,
      'µs',
      await vs(
        () => detectFormat(specText),
        () => JSON.parse(specText),
      ),
      'JSON.parse of the same text (what telling the format cost before the scan)',
      { digits: 1 },
    ),
  );
  const ops = [
    { op: 'add', path: '/root', value: 'root' },
    { op: 'add', path: '/state', value: spec.state },
    ...Object.entries(spec.elements as object).map(([k, v]) => ({ op: 'add', path: `/elements/${k}`, value: v })),
  ];
  const stream = ops.map((o) => JSON.stringify(o)).join('\n');
  results.push(
    soloRow(
      `json-render, the same spec as a ${ops.length}-line SpecStream: fromJsonRender`,
      'µs',
      spread(Array.from({ length: RUNS }, () => timeSlice(() => fromJsonRender(stream), SLICE, clock))),
      { digits: 1 },
    ),
  );

  // Refusals: what hostile peer input costs before it is refused.
  const solo = (fn: () => unknown) => spread(Array.from({ length: RUNS }, () => timeSlice(fn, SLICE / 2, clock)));
  const bombLines = a2uiSurface(50).map((m) => JSON.stringify(m));
  bombLines.push(
    JSON.stringify({
      version: 'v0.9',
      updateComponents: {
        surfaceId: 'bench',
        components: [
          { id: 'root', component: 'TextField', label: 'x', value: { path: '/x' }, validationRegexp: '^(a|aa)+$' },
        ],
      },
    }),
  );
  results.push(
    soloRow(
      'A2UI stream with a regex bomb in a validation pattern: refused (unsafe_pattern)',
      'µs',
      solo(() => fromA2UI(bombLines.join('\n'))),
      { digits: 1, note: 'the pattern is checked, never run' },
    ),
  );
  const junk =
    '{"version":"v0.9","updateComponents":' + '['.repeat(100_000) + '\n'.repeat(1000) + 'x'.repeat(2_000_000);
  results.push(
    soloRow(
      'A2UI: refuse 2 MB of junk with a 100,000-deep bracket bomb',
      'µs',
      solo(() => fromA2UI(junk)),
      { digits: 1 },
    ),
  );
  const deepSpec = '{"root":"x","elements":' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + '}';
  results.push(
    soloRow(
      'json-render: refuse a 50,000-deep object bomb',
      'µs',
      solo(() => fromJsonRender(deepSpec)),
      { digits: 1 },
    ),
  );
  return results;
}
