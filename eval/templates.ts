// A library of realistic layouts for the eval's simulated stations: the layout a good model
// would write for each intent, structurally different alternatives (what a sampled small model
// also writes), and the defects small models make, injected on purpose.
import type { LayoutDocument, LayoutNode } from '../src/layout/document.js';

export interface EvalIntent {
  intent: string;
  category: 'form' | 'dashboard' | 'workflow' | 'content' | 'edge';
  difficulty: 'easy' | 'medium' | 'hard';
  fields?: string[];
  action?: string;
  stats?: string[];
  chart?: boolean;
  table?: boolean;
  steps?: string[];
  kind?: string;
}

const slug = (s: string, i: number) =>
  (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 20) || 'n'
  ).replace(/^[^a-z]/, 'n') + (i >= 0 ? `-${i}` : '');
const title = (s: string) => (s.trim() ? s.trim().replace(/[<>]/g, '').slice(0, 60) : 'Untitled');

function field(spec: string, i: number, group: string): { node: LayoutNode; value: unknown } {
  const [name, kind] = spec.split(':') as [string, string];
  const id = slug(name, i);
  const bind = `/${group}/${name}`;
  const label = name[0]!.toUpperCase() + name.slice(1);
  switch (kind) {
    case 'number':
      return { node: { id, type: 'number-field', props: { label, bind, min: 0 } }, value: 0 };
    case 'date':
      return { node: { id, type: 'date-field', props: { label, bind } }, value: '' };
    case 'checkbox':
      return { node: { id, type: 'checkbox', props: { label, bind } }, value: false };
    case 'select':
      return {
        node: {
          id,
          type: 'select',
          props: {
            label,
            bind,
            options: [
              { value: 'a', label: 'Option A' },
              { value: 'b', label: 'Option B' },
            ],
          },
        },
        value: 'a',
      };
    case 'multiline':
      return { node: { id, type: 'text-field', props: { label, bind, multiline: true } }, value: '' };
    case 'email':
    case 'tel':
    case 'url':
      return {
        node: { id, type: 'text-field', props: { label, bind, inputType: kind, required: kind === 'email' } },
        value: '',
      };
    default:
      return { node: { id, type: 'text-field', props: { label, bind } }, value: '' };
  }
}

function form(it: EvalIntent, fields: string[], withCard: boolean): LayoutDocument {
  const made = fields.map((f, i) => field(f, i, 'form'));
  const data = { form: Object.fromEntries(fields.map((f, i) => [f.split(':')[0]!, made[i]!.value])) };
  const nodes: LayoutNode[] = [
    { id: 'page', type: 'stack', props: { gap: 'm' }, children: ['title', withCard ? 'card' : 'form'] },
    { id: 'title', type: 'heading', props: { text: title(it.intent), level: 1 } },
  ];
  if (withCard) nodes.push({ id: 'card', type: 'card', props: { title: 'Details' }, children: ['form'] });
  nodes.push(
    {
      id: 'form',
      type: 'form',
      props: { action: it.action ?? 'submit', submitLabel: 'Send' },
      children: made.map((m) => m.node.id),
    },
    ...made.map((m) => m.node),
  );
  return { version: 1, title: title(it.intent), root: 'page', data, nodes };
}

function dashboard(it: EvalIntent, alt: number): LayoutDocument {
  const stats = it.stats ?? ['Total'];
  const data: Record<string, unknown> = {
    kpi: Object.fromEntries(stats.map((s, i) => [`k${i}`, 100 * (i + 1)])),
    series: [
      { label: 'Mon', value: 3 },
      { label: 'Tue', value: 5 },
      { label: 'Wed', value: 4 },
    ],
    rows: [
      { name: 'North', value: 12 },
      { name: 'South', value: 9 },
    ],
  };
  const statNodes = stats.map(
    (s, i): LayoutNode => ({ id: `stat${i}`, type: 'stat', props: { label: s, value: { $data: `/kpi/k${i}` } } }),
  );
  const kids = ['title', 'kpis'];
  const nodes: LayoutNode[] = [
    { id: 'title', type: 'heading', props: { text: title(it.intent), level: 1 } },
    { id: 'kpis', type: 'grid', props: { columns: Math.min(4, stats.length) }, children: statNodes.map((n) => n.id) },
    ...statNodes,
  ];
  if (it.chart !== false && alt !== 1) {
    kids.push('chart');
    nodes.push({
      id: 'chart',
      type: 'chart',
      props: { kind: alt === 2 ? 'line' : 'bar', series: { $data: '/series' }, title: 'Trend' },
    });
  }
  if (it.table !== false) {
    kids.push('table');
    nodes.push({
      id: 'table',
      type: 'table',
      props: {
        columns: [
          { key: 'name', label: 'Name' },
          { key: 'value', label: 'Value' },
        ],
        rows: { $data: '/rows' },
      },
    });
  }
  if (alt === 1)
    kids.push('note'), nodes.push({ id: 'note', type: 'callout', props: { text: 'Figures update hourly.' } });
  return {
    version: 1,
    title: title(it.intent),
    root: 'page',
    data,
    nodes: [{ id: 'page', type: 'stack', children: kids }, ...nodes],
  };
}

function workflow(it: EvalIntent, alt: number): LayoutDocument {
  const steps = it.steps ?? ['One', 'Two'];
  const nodes: LayoutNode[] = [];
  const data: Record<string, unknown> = { flow: {} };
  const stepIds = steps.map((s, i) => {
    const id = `step${i}`;
    const fid = `f${i}`;
    nodes.push({ id, type: 'step', props: { title: s }, children: [fid] });
    (data.flow as Record<string, unknown>)[`s${i}`] = '';
    nodes.push({
      id: fid,
      type: alt === 1 ? 'text' : 'text-field',
      props: alt === 1 ? { text: `Fill in ${s.toLowerCase()}.` } : { label: s, bind: `/flow/s${i}` },
    });
    return id;
  });
  return {
    version: 1,
    title: title(it.intent),
    root: 'page',
    data,
    nodes: [
      { id: 'page', type: 'stack', children: ['title', 'steps'] },
      { id: 'title', type: 'heading', props: { text: title(it.intent), level: 1 } },
      { id: 'steps', type: 'steps', children: stepIds },
      ...nodes,
    ],
  };
}

function content(it: EvalIntent, alt: number): LayoutDocument {
  const t = title(it.intent);
  if (it.kind === 'tabs') {
    const tabs = ['Profile', 'Security', 'Notifications'];
    return {
      version: 1,
      title: t,
      root: 'tabs',
      data: { s: { name: '', twoFactor: false, email: true } },
      nodes: [
        { id: 'tabs', type: 'tabs', children: tabs.map((x) => x.toLowerCase()) },
        { id: 'profile', type: 'tab', props: { label: 'Profile' }, children: ['name'] },
        { id: 'security', type: 'tab', props: { label: 'Security' }, children: ['tf'] },
        { id: 'notifications', type: 'tab', props: { label: 'Notifications' }, children: ['em'] },
        { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/s/name' } },
        { id: 'tf', type: 'checkbox', props: { label: 'Two-factor sign-in', bind: '/s/twoFactor' } },
        { id: 'em', type: 'checkbox', props: { label: 'Email me', bind: '/s/email' } },
      ],
    };
  }
  const body: LayoutNode[] =
    alt === 1
      ? [{ id: 'intro', type: 'callout', props: { text: 'Everything you need to know.', tone: 'default' } }]
      : [
          { id: 'intro', type: 'text', props: { text: 'Everything you need to know.' } },
          { id: 'items', type: 'list', props: { items: ['First point', 'Second point', 'Third point'] } },
        ];
  return {
    version: 1,
    title: t,
    root: 'page',
    nodes: [
      { id: 'page', type: 'stack', children: ['title', ...body.map((n) => n.id), 'more'] },
      { id: 'title', type: 'heading', props: { text: t, level: 1 } },
      ...body,
      { id: 'more', type: 'link', props: { href: '/help', text: 'Read more' } },
    ],
  };
}

/** What a careful model writes for the intent. `alt` > 0 gives a structurally different alternative. */
export function layoutFor(it: EvalIntent, alt = 0): LayoutDocument {
  switch (it.category) {
    case 'form':
      return form(it, alt === 1 ? (it.fields ?? []).slice(0, -1) : (it.fields ?? ['name:text']), alt === 2);
    case 'dashboard':
      return dashboard(it, alt);
    case 'workflow':
      return workflow(it, alt);
    case 'content':
      return content(it, alt);
    case 'edge': {
      if (it.kind === 'large' || it.kind === 'unicode')
        return dashboard({ ...it, stats: ['A', 'B', 'C'], chart: true, table: true }, alt);
      if (it.kind === 'nested' || it.kind === 'foreign')
        return form({ ...it, action: 'submit' }, ['name:text', 'email:email'], alt === 2);
      return content({ ...it, kind: 'about' }, alt);
    }
  }
}

export const DEFECTS = [
  'unknown_type',
  'missing_bind_parent',
  'unsafe_url',
  'dangling_child',
  'truncated',
  'unknown_prop',
  'prose_only',
  'bad_action',
  'duplicate_id',
] as const;
export type Defect = (typeof DEFECTS)[number];

/** The text of a layout with one defect a small model makes. Every defect fails a gate. */
export function withDefect(layout: LayoutDocument, defect: Defect): string {
  const l = JSON.parse(JSON.stringify(layout)) as LayoutDocument;
  const leaf = l.nodes[l.nodes.length - 1]!;
  switch (defect) {
    case 'unknown_type':
      leaf.type = 'carousel';
      break;
    case 'missing_bind_parent':
      l.nodes.push({ id: 'extra', type: 'text-field', props: { label: 'Extra', bind: '/nowhere/field' } });
      l.nodes[0]!.children = [...(l.nodes[0]!.children ?? []), 'extra'];
      break;
    case 'unsafe_url':
      l.nodes.push({ id: 'bad', type: 'link', props: { href: 'javascript:alert(1)', text: 'Click' } });
      l.nodes[0]!.children = [...(l.nodes[0]!.children ?? []), 'bad'];
      break;
    case 'dangling_child':
      l.nodes[0]!.children = [...(l.nodes[0]!.children ?? []), 'ghost'];
      break;
    case 'truncated':
      return JSON.stringify(l).slice(0, Math.floor(JSON.stringify(l).length * 0.7));
    case 'unknown_prop':
      leaf.props = { ...leaf.props, style: 'color:red' };
      break;
    case 'prose_only':
      return 'Sure! Here is a layout with a heading and a form for your request.';
    case 'bad_action':
      l.nodes.push({ id: 'go', type: 'button', props: { label: 'Go', action: 'do it now!' } });
      l.nodes[0]!.children = [...(l.nodes[0]!.children ?? []), 'go'];
      break;
    case 'duplicate_id':
      l.nodes.push({ ...l.nodes[1]! });
      break;
  }
  return JSON.stringify(l);
}
