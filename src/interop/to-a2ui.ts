// A Jig document as A2UI v0.9 messages, so a Jig line can feed any A2UI renderer. What A2UI's
// basic catalog cannot hold is reported, never dropped silently; the rest round-trips through fromA2UI.
import { builtinCatalog } from '../catalog/builtin.js';
import type { LayoutDocument, LayoutNode } from '../layout/document.js';
import { runGates, type GateOptions } from '../gates/run.js';
import { A2UI_CATALOGS } from './a2ui.js';
import { fromGateIssue, interopWarning, unsupported, type InteropIssue } from './report.js';

export interface ToA2UIOptions extends GateOptions {
  /** Default "jig". */
  surfaceId?: string;
  /** Default: A2UI's v0.9 basic catalog. */
  catalogId?: string;
}

export interface ToA2UIResult {
  /** The document passed Jig's gates and everything in it has an A2UI counterpart. */
  ok: boolean;
  /** createSurface, updateDataModel (when there is data), updateComponents. */
  messages: Record<string, unknown>[];
  issues: InteropIssue[];
  warnings: InteropIssue[];
}

const ICONS_BACK: Record<string, string> = {
  user: 'person',
  plus: 'add',
  'arrow-left': 'arrowBack',
  'arrow-right': 'arrowForward',
  calendar: 'calendarToday',
  phone: 'phone',
  check: 'check',
  x: 'close',
  trash: 'delete',
  download: 'download',
  upload: 'upload',
  edit: 'edit',
  error: 'error',
  heart: 'favorite',
  home: 'home',
  info: 'info',
  'map-pin': 'locationOn',
  lock: 'lock',
  mail: 'mail',
  menu: 'menu',
  bell: 'notifications',
  refresh: 'refresh',
  search: 'search',
  settings: 'settings',
  cart: 'shoppingCart',
  star: 'star',
  warning: 'warning',
};

/** Writes A2UI v0.9 messages for a Jig document (which must pass the gates first). Pure; never throws. */
export function toA2UI(input: unknown, options: ToA2UIOptions = {}): ToA2UIResult {
  const verdict = runGates(input, { catalog: builtinCatalog, ...options });
  if (!verdict.ok)
    return {
      ok: false,
      messages: [],
      issues: verdict.issues.map((i) => fromGateIssue(i, i.path, i.path)),
      warnings: [],
    };
  return write(verdict.layout, options);
}

function write(doc: LayoutDocument, options: ToA2UIOptions): ToA2UIResult {
  const surfaceId = options.surfaceId ?? 'jig';
  const issues: InteropIssue[] = [];
  const warnings: InteropIssue[] = [];
  const byId = new Map(doc.nodes.map((n, i) => [n.id, { node: n, index: i }]));
  const components: Record<string, unknown>[] = [];
  const used = new Set(doc.nodes.map((n) => n.id));
  // v0.9 names the root "root": the Jig root takes that id; a node already called "root" is renamed.
  const rename = new Map<string, string>();
  if (doc.root !== 'root') {
    rename.set(doc.root, 'root');
    if (used.has('root')) rename.set('root', fresh('root-node'));
    warnings.push(
      interopWarning(
        'renamed_id',
        '/root',
        `A2UI v0.9 calls the root component "root"; the node "${doc.root}" is written as "root"`,
      ),
    );
  }
  function fresh(base: string): string {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  }
  const idOf = (id: string) => rename.get(id) ?? id;
  const warn = (i: number, message: string) => warnings.push(interopWarning('cleaned_up', `/nodes/${i}`, message));

  /** A node's children as A2UI writes them: a list of ids, or a template for a single repeated child. */
  const childList = (n: LayoutNode): unknown => {
    const kids = n.children ?? [];
    if (kids.length === 1 && byId.get(kids[0]!)?.node.repeat)
      return { componentId: idOf(kids[0]!), path: byId.get(kids[0]!)!.node.repeat };
    return kids.map((k) => {
      const child = byId.get(k)?.node;
      if (!child?.repeat) return idOf(k);
      // A repeated node among siblings sits in a column of its own, which holds the template.
      const wrap = fresh(`${k}-list`);
      components.push({ id: wrap, component: 'Column', children: { componentId: idOf(k), path: child.repeat } });
      return wrap;
    });
  };
  /** One child id for a component that takes one (Card, Tab, Modal content): several sit in a Column. */
  const oneChild = (n: LayoutNode): string => {
    const list = childList(n);
    if (Array.isArray(list) && list.length === 1) return list[0] as string;
    const wrap = fresh(`${n.id}-content`);
    components.push({ id: wrap, component: 'Column', children: list });
    return wrap;
  };
  const bound = (v: unknown) =>
    typeof v === 'object' && v !== null && '$data' in v ? { path: (v as { $data: string }).$data } : v;

  doc.nodes.forEach((n, i) => {
    const p = n.props ?? {};
    const id = idOf(n.id);
    if (n.visible)
      issues.push(
        unsupported(`/nodes/${i}/visible`, 'a visibility condition', 'A2UI v0.9 components have no condition'),
      );
    const checks: Record<string, unknown>[] = [];
    const check = (call: string, args: Record<string, unknown>, message: string) =>
      checks.push({ condition: { call, args: { value: { path: p.bind }, ...args } }, message });
    if (p.required === true) check('required', {}, `${String(p.label)} is required.`);
    switch (n.type) {
      case 'stack':
        components.push({
          id,
          component: p.direction === 'row' ? 'Row' : 'Column',
          children: childList(n),
          ...(p.align ? { align: p.align } : {}),
        });
        if (p.gap) warn(i, 'the gap has no A2UI counterpart and is left to the renderer');
        return;
      case 'card':
        if (p.title || p.subtitle)
          warn(i, "A2UI's Card has no title or subtitle: they are written as Text components at the top of the card");
        if (p.title || p.subtitle) {
          const col = fresh(`${n.id}-body`);
          const head: string[] = [];
          if (p.title) {
            const t = fresh(`${n.id}-title`);
            components.push({ id: t, component: 'Text', text: bound(p.title), variant: 'h3' });
            head.push(t);
          }
          if (p.subtitle) {
            const t = fresh(`${n.id}-subtitle`);
            components.push({ id: t, component: 'Text', text: bound(p.subtitle), variant: 'caption' });
            head.push(t);
          }
          const rest = childList(n);
          components.push({
            id: col,
            component: 'Column',
            children: [...head, ...(Array.isArray(rest) ? rest : [oneChild(n)])],
          });
          components.push({ id, component: 'Card', child: col });
        } else components.push({ id, component: 'Card', child: oneChild(n) });
        return;
      case 'tabs':
        components.push({
          id,
          component: 'Tabs',
          tabs: (n.children ?? []).map((k) => {
            const t = byId.get(k)!.node;
            return { title: t.props?.label, child: oneChild(t) };
          }),
        });
        return;
      case 'tab':
        return; // written by its tabs
      case 'heading':
        components.push({ id, component: 'Text', text: bound(p.text), variant: `h${p.level ?? 2}` });
        return;
      case 'text':
        components.push({
          id,
          component: 'Text',
          text: bound(p.text),
          ...(p.tone === 'muted' ? { variant: 'caption' } : {}),
        });
        if (p.tone && p.tone !== 'muted' && p.tone !== 'default')
          warn(i, `the tone "${String(p.tone)}" has no A2UI counterpart`);
        return;
      case 'image':
        components.push({ id, component: 'Image', url: p.src, ...(p.alt ? { description: p.alt } : {}) });
        if (p.width || p.height) warn(i, 'width and height have no A2UI counterpart');
        return;
      case 'icon': {
        const name = ICONS_BACK[String(p.name)];
        if (!name) {
          issues.push(unsupported(`/nodes/${i}/props/name`, `the icon "${String(p.name)}" in A2UI's icon set`));
          return;
        }
        components.push({ id, component: 'Icon', name, ...(p.label ? { accessibility: { label: p.label } } : {}) });
        return;
      }
      case 'divider':
        components.push({ id, component: 'Divider' });
        return;
      case 'button': {
        const label = fresh(`${n.id}-label`);
        components.push({ id: label, component: 'Text', text: bound(p.label) });
        const variant = p.variant === 'primary' ? 'primary' : p.variant === 'secondary' ? 'borderless' : undefined;
        if (p.variant === 'danger') warn(i, 'the danger variant has no A2UI counterpart');
        components.push({
          id,
          component: 'Button',
          child: label,
          ...(variant ? { variant } : {}),
          action: { event: { name: p.action } },
        });
        return;
      }
      case 'text-field':
      case 'number-field': {
        const variant = n.type === 'number-field' ? 'number' : p.multiline ? 'longText' : undefined;
        if (p.inputType === 'email') check('email', {}, 'Please enter a valid email address.');
        if (n.type === 'number-field' && (p.min !== undefined || p.max !== undefined))
          check(
            'numeric',
            { ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) },
            `${String(p.label)} is out of range.`,
          );
        if (p.placeholder || p.step || (p.inputType && p.inputType !== 'text' && p.inputType !== 'email'))
          warn(i, 'placeholder, step and the tel/url input types have no A2UI counterpart');
        components.push({
          id,
          component: 'TextField',
          label: p.label,
          value: { path: p.bind },
          ...(variant ? { variant } : {}),
          ...(checks.length ? { checks } : {}),
        });
        return;
      }
      case 'date-field':
        components.push({
          id,
          component: 'DateTimeInput',
          label: p.label,
          value: { path: p.bind },
          enableDate: true,
          ...(p.min ? { min: p.min } : {}),
          ...(p.max ? { max: p.max } : {}),
          ...(checks.length ? { checks } : {}),
        });
        return;
      case 'checkbox':
      case 'switch':
        if (n.type === 'switch') warn(i, 'A2UI has no switch: written as a CheckBox');
        components.push({ id, component: 'CheckBox', label: p.label, value: { path: p.bind } });
        return;
      case 'select':
      case 'radio-group': {
        const options = p.options as { value: string; label: string }[];
        warn(i, `A2UI's ChoicePicker holds a list of chosen values; ${JSON.stringify(p.bind)} holds one string`);
        components.push({
          id,
          component: 'ChoicePicker',
          label: p.label,
          variant: 'mutuallyExclusive',
          options,
          value: { path: p.bind },
          ...(n.type === 'select' && options.length <= 6 ? { displayStyle: 'chips' } : {}),
          ...(checks.length ? { checks } : {}),
        });
        return;
      }
      case 'slider':
        if (p.step !== undefined || p.unit !== undefined) warn(i, 'step and unit have no A2UI counterpart');
        components.push({
          id,
          component: 'Slider',
          label: p.label,
          value: { path: p.bind },
          ...(p.min !== undefined ? { min: p.min } : {}),
          max: p.max ?? 100,
        });
        return;
      case 'dialog': {
        const trigger = fresh(`${n.id}-trigger`);
        components.push({ id: trigger, component: 'Text', text: p.trigger });
        if (p.title !== p.trigger) warn(i, "A2UI's Modal has no title: the dialog's title is not written");
        components.push({ id, component: 'Modal', trigger, content: oneChild(n) });
        return;
      }
      default:
        issues.push(unsupported(`/nodes/${i}`, `the component "${n.type}" in A2UI's basic catalog`));
    }
  });

  const messages: Record<string, unknown>[] = [
    { version: 'v0.9', createSurface: { surfaceId, catalogId: options.catalogId ?? A2UI_CATALOGS[0] } },
  ];
  if (doc.data && Object.keys(doc.data).length)
    messages.push({ version: 'v0.9', updateDataModel: { surfaceId, path: '/', value: doc.data } });
  messages.push({ version: 'v0.9', updateComponents: { surfaceId, components } });
  return { ok: issues.length === 0, messages, issues, warnings };
}

/** Messages as JSONL, one a line, as A2UI streams them. */
export function toJsonl(messages: readonly unknown[]): string {
  return messages.map((m) => JSON.stringify(m)).join('\n') + '\n';
}
