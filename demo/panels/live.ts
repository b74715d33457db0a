// Live layouts: a dashboard whose figures and order cards change every second through
// surface.setData() and patches under /data, and a refine box that turns a request into a patch the gates check first:
// the premium model's (surface.refine) when the Jig server has an upstream, else a labelled scripted refiner.
import '../../components/trace/trace.js';
import type { JigTrace } from '../../components/trace/trace.component.js';
import { createLine } from '../../src/line/index.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../src/layout/document.js';
import type { PatchOp } from '../../src/layout/patch.js';
import type { Issue } from '../../src/gates/issue.js';
import { el } from './dom.js';

interface Order {
  customer: string;
  total: number;
  packed: number;
}

const CUSTOMERS = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Margaret'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKS = ['Week 1', 'Week 2', 'Week 3', 'Week 4'];

const order = (i: number): Order => ({
  customer: CUSTOMERS[i % CUSTOMERS.length]!,
  total: 20 + ((i * 37) % 180),
  packed: (i * 23) % 100,
});

function dashboard(): LayoutDocument {
  return {
    version: 1,
    title: 'Shop today',
    root: 'page',
    data: {
      kpi: { revenue: 1240, orders: 31, visitors: 410 },
      daily: DAYS.map((label, i) => ({ label, value: 800 + i * 90 })),
      weekly: WEEKS.map((label, i) => ({ label, value: 5200 + i * 700 })),
      orders: [0, 1, 2].map(order),
      paused: false,
    },
    nodes: [
      {
        id: 'page',
        type: 'stack',
        props: { gap: 'm' },
        children: ['title', 'pause', 'paused', 'kpis', 'busy', 'chart', 'orders-title', 'order'],
      },
      { id: 'title', type: 'heading', props: { text: 'Shop today', level: 2 } },
      { id: 'pause', type: 'switch', props: { label: 'Pause live updates', bind: '/paused' } },
      {
        id: 'paused',
        type: 'callout',
        visible: { $data: '/paused', eq: true },
        props: {
          text: 'Live updates are paused: the figures stay as they are until you switch them back on.',
          tone: 'muted',
        },
      },
      { id: 'kpis', type: 'grid', props: { columns: 3 }, children: ['revenue', 'count', 'visitors'] },
      { id: 'revenue', type: 'stat', props: { label: 'Revenue (€)', value: { $data: '/kpi/revenue' } } },
      { id: 'count', type: 'stat', props: { label: 'Orders', value: { $data: '/kpi/orders' } } },
      { id: 'visitors', type: 'stat', props: { label: 'Visitors', value: { $data: '/kpi/visitors' } } },
      {
        id: 'busy',
        type: 'callout',
        visible: { $data: '/kpi/orders', gte: 40 },
        props: { text: 'A busy day: 40 orders or more.', tone: 'success' },
      },
      { id: 'chart', type: 'chart', props: { kind: 'bar', title: 'Revenue per day', series: { $data: '/daily' } } },
      { id: 'orders-title', type: 'heading', props: { text: 'Latest orders', level: 3 } },
      {
        id: 'order',
        type: 'card',
        repeat: '/orders',
        props: { title: 'Order' },
        children: ['customer', 'total', 'packed'],
      },
      { id: 'customer', type: 'stat', props: { label: 'Customer', value: { $data: 'customer' } } },
      { id: 'total', type: 'stat', props: { label: 'Total (€)', value: { $data: 'total' } } },
      { id: 'packed', type: 'progress', props: { label: 'Packed', value: { $data: 'packed' } } },
    ],
  };
}

/**
 * A scripted refiner standing in for the premium model's patch answer (no upstream key is needed
 * to run the demo): a few requests it knows, each answered with RFC 6902 ops for the layout on screen.
 */
function refine(request: string, layout: LayoutDocument): { ops: PatchOp[]; note: string } | null {
  const q = request.toLowerCase();
  const at = (id: string) => layout.nodes.findIndex((n) => n.id === id);
  const chart = at('chart');
  if (/week/.test(q) && chart >= 0)
    return {
      note: 'the chart reads the weekly series',
      ops: [
        { op: 'replace', path: `/nodes/${chart}/props/series`, value: { $data: '/weekly' } },
        { op: 'replace', path: `/nodes/${chart}/props/title`, value: 'Revenue per week' },
      ],
    };
  if (/(day|daily)/.test(q) && chart >= 0)
    return {
      note: 'the chart reads the daily series',
      ops: [
        { op: 'replace', path: `/nodes/${chart}/props/series`, value: { $data: '/daily' } },
        { op: 'replace', path: `/nodes/${chart}/props/title`, value: 'Revenue per day' },
      ],
    };
  if (/line/.test(q) && chart >= 0)
    return { note: 'a line chart', ops: [{ op: 'replace', path: `/nodes/${chart}/props/kind`, value: 'line' }] };
  if (/bar/.test(q) && chart >= 0)
    return { note: 'a bar chart', ops: [{ op: 'replace', path: `/nodes/${chart}/props/kind`, value: 'bar' }] };
  if (/(help|contact|link)/.test(q)) {
    return {
      note: 'a help link under the title (a request for a script link is refused by the policy gate)',
      ops: [
        {
          op: 'add',
          path: '/nodes/-',
          value: {
            id: 'help',
            type: 'link',
            props: {
              text: 'Help with orders',
              href: /script/.test(q) ? 'javascript:alert(1)' : 'https://example.com/help',
            },
          },
        },
        { op: 'add', path: '/nodes/0/children/1', value: 'help' },
      ],
    };
  }
  if (/(bad|broken|cycle)/.test(q))
    return {
      note: 'a patch that would make the page its own child: refused by the graph gate',
      ops: [{ op: 'add', path: '/nodes/0/children/-', value: 'page' }],
    };
  return null;
}

export function mount(container: HTMLElement): void {
  const surface = el('jig-surface') as JigSurface;
  const input = el('input', {
    type: 'text',
    id: 'refine-input',
    maxlength: '200',
    placeholder: 'e.g. make the chart weekly',
    autocomplete: 'off',
  });
  const form = el(
    'form',
    { class: 'ask refine', 'aria-label': 'Refine the dashboard' },
    el('label', { for: 'refine-input' }, 'Refine'),
    input,
    el('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
  );
  const examples = el(
    'p',
    { class: 'hint' },
    'Try: "make the chart weekly", "as a line", "add a help link", "add a script link", "something broken".',
  );
  const refiner = el('p', { class: 'hint refiner' }, 'Checking whether the Jig server has a premium model…');
  const verdict = el('p', { class: 'verdict', role: 'status' });
  const trace = el('jig-trace') as JigTrace;
  trace.follow(surface);
  const patchView = el('pre', { class: 'code-block', role: 'region', tabindex: '0', 'aria-label': 'The patch' });
  const log = el('pre', { class: 'log', role: 'log', tabindex: '0', 'aria-label': 'Trace of changes' });
  const counter = el('p', { class: 'hint' });

  container.append(
    el('h1', {}, 'Live layouts'),
    el(
      'p',
      { class: 'lede' },
      'The figures and order cards below change every second through setData() and patches under /data; each change is checked before it shows, and only the elements that show it update. A refine request becomes a patch that must pass all seven gates, or nothing changes.',
    ),
    // Side by side where there is room, stacked on a phone.
    el(
      'div',
      {
        class: 'live-grid',
        style:
          'display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); align-items: start',
      },
      el('div', { style: 'min-width: 0' }, surface),
      el(
        'div',
        { style: 'min-width: 0' },
        form,
        refiner,
        examples,
        verdict,
        el('h2', {}, 'Patch'),
        patchView,
        el('h2', {}, 'Trace of the refine'),
        trace,
        el('h2', {}, 'Changes'),
        log,
        counter,
      ),
    ),
  );

  const note = (line: string) => {
    log.textContent = `${new Date().toLocaleTimeString()}  ${line}\n${log.textContent ?? ''}`.slice(0, 6000);
  };
  const showIssues = (issues: Issue[]) => {
    verdict.className = 'verdict bad';
    verdict.textContent = `Refused: ${issues.map((i) => `${i.gate} · ${i.code} at ${i.path || '/'}: ${i.message}`).join('; ')} — the dashboard keeps its last good layout`;
  };

  let updates = 0;
  surface.addEventListener('jig-patch', (e) => {
    if (e.detail.ops.some((op) => !op.path.startsWith('/data')))
      note(`jig-patch: ${e.detail.ops.length} op(s) passed the gates, on screen in ${e.detail.ms.toFixed(1)} ms`);
  });
  surface.addEventListener('jig-data', (e) => {
    updates++;
    if (e.detail.editing?.length)
      note(`jig-data: ${e.detail.pointer} replaced what was being typed in ${e.detail.editing.join(', ')}`);
  });
  surface.addEventListener('jig-invalid', (e) =>
    note(`jig-invalid: ${e.detail.issues.map((i) => `${i.code} at ${i.path}`).join(', ')}`),
  );

  // The premium refine needs a Jig server with an upstream model; /healthz says whether it has one.
  let premium = false;
  void fetch('/healthz', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<{ upstream?: string }>) : { upstream: 'none' }))
    .catch(() => ({ upstream: 'none' }))
    .then((h) => {
      premium = !!h.upstream && h.upstream !== 'none';
      if (premium) {
        surface.line = createLine({
          id: 'demo-live',
          version: '1',
          stations: [
            { kind: 'premium', endpoint: '/v1/assemble', model: 'premium' },
            { kind: 'fallback', layout: dashboard() },
          ],
          prices: { premium: { input: 2.5, output: 10 } },
        });
        refiner.textContent =
          'Refiner: the premium model behind the Jig server answers each request with a patch (RFC 6902 ops), gated on the server, by the line and by the surface before it shows.';
        examples.textContent =
          'Try: "make the chart weekly", "as a line chart", "add a help link under the title", "hide the busy-day note".';
      } else {
        refiner.textContent =
          'Refiner: scripted — this server has no premium upstream (set JIG_UPSTREAM_URL for `jig serve`), so a small script stands in for the model’s patch answer; the gates check it just the same.';
      }
    });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const request = input.value.trim();
    const layout = surface.layout;
    if (!request || !layout) return;
    if (premium) {
      verdict.className = 'verdict';
      verdict.textContent = 'Asking the premium model for a patch…';
      patchView.textContent = '';
      note(`refine "${request}": sent to the premium station with the layout on screen`);
      void surface.refine(request).then((r) => {
        patchView.textContent = r.ops.length ? JSON.stringify(r.ops, null, 2) : '(no patch)';
        if (r.ok) {
          verdict.className = 'verdict ok';
          verdict.textContent = `Passed all seven gates: ${r.ops.length} op(s) from the premium model.`;
        } else if (r.issues.length) showIssues(r.issues);
        else {
          verdict.className = 'verdict bad';
          verdict.textContent = `The premium station could not refine (${'reason' in r ? `${r.reason}: ${r.detail}` : 'no answer'}); nothing changed.`;
        }
      });
      return;
    }
    const answer = refine(request, layout);
    if (!answer) {
      verdict.className = 'verdict';
      verdict.textContent = 'The refiner knows a few requests only (see the examples); nothing changed.';
      patchView.textContent = '';
      return;
    }
    patchView.textContent = JSON.stringify(answer.ops, null, 2);
    note(`refine "${request}" (scripted refiner): ${answer.note}`);
    void surface.patch(answer.ops).then((r) => {
      if (r.ok) {
        verdict.className = 'verdict ok';
        verdict.textContent = `Passed all seven gates: ${answer.note}.`;
      } else showIssues(r.issues);
    });
  });

  let tick = 0;
  let next = 3;
  const timer = setInterval(() => {
    if (!container.isConnected) {
      clearInterval(timer);
      return;
    }
    const data = surface.data;
    if (!data || data.paused) return;
    tick++;
    const kpi = data.kpi as { revenue: number; orders: number; visitors: number };
    void surface.setData('/kpi/revenue', kpi.revenue + 15 + ((tick * 29) % 60));
    void surface.setData('/kpi/visitors', kpi.visitors + 1 + (tick % 5));
    const orders = data.orders as Order[];
    const k = tick % orders.length;
    void surface.setData(`/orders/${k}/packed`, Math.min(100, orders[k]!.packed + 20));
    const today = (data.daily as unknown[]).length - 1;
    void surface.setData(`/daily/${today}/value`, (data.daily as { value: number }[])[today]!.value + 15);
    if (tick % 3 === 0) {
      // A new order arrives; the oldest leaves once there are six (one patch, checked whole).
      const ops: PatchOp[] = [
        { op: 'add', path: '/data/orders/-', value: order(next++) },
        { op: 'replace', path: '/data/kpi/orders', value: kpi.orders + 1 },
      ];
      if (orders.length >= 6) ops.unshift({ op: 'remove', path: '/data/orders/0' });
      void surface.patch(ops);
    }
    counter.textContent = `${updates} data updates so far`;
  }, 1000);

  surface.layout = dashboard();
}
