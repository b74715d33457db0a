// json-render into Jig: a spec `{root, elements, state}`, a SpecStream (RFC 6902 lines), or prose
// with a ```spec fence. Maps the shadcn profile plus the site's own table; refuses what Jig can't express.
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { LayoutNode, Limits } from '../layout/document.js';
import { applyPatch } from '../layout/patch.js';
import { parsePointer } from '../layout/pointer.js';
import { resolveLimits, type GateOptions } from '../gates/run.js';
import type { Condition } from '../layout/condition.js';
import {
  DEFAULT_STREAM_LIMITS,
  checkObject,
  isStream,
  LineTally,
  parseValue,
  streamLines,
  type LineSource,
  type StreamLimits,
} from './lines.js';
import { Projection, type Bound, type Scope } from './project.js';
import { interopIssue, join, unreadable, type InteropIssue, type PeerValue, type ProjectionResult } from './report.js';
import { setOwn } from '../util/own.js';

/** A site's own json-render type: the Jig type it becomes, and optionally prop renames (`{title: 'label'}`). */
export type JsonRenderMapping = string | { type: string; props?: Record<string, string> };

export interface JsonRenderOptions extends GateOptions {
  /** The site's own components beside the shadcn profile: json-render type → Jig type. */
  components?: Record<string, JsonRenderMapping>;
  stream?: Partial<StreamLimits>;
}

export interface JsonRenderResult extends ProjectionResult {
  /** For a SpecStream: lines read, how many were malformed (each reported in issues), and prose lines outside a fence (inline mode). */
  lines?: { read: number; malformed: number; prose: number };
  /** The spec as the stream built it (the peer's own state). */
  spec?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** json-render's shadcn components that Jig maps; every other shadcn type is refused by name. */
export const SHADCN_MAPPED = [
  'Card',
  'Stack',
  'Grid',
  'Separator',
  'Tabs',
  'Accordion',
  'Collapsible',
  'Dialog',
  'Table',
  'Heading',
  'Text',
  'Image',
  'Avatar',
  'Badge',
  'Alert',
  'Progress',
  'Input',
  'Textarea',
  'Select',
  'Checkbox',
  'Radio',
  'Switch',
  'Slider',
  'Button',
  'Link',
] as const;

const GAP: Record<string, string> = { none: 'none', sm: 's', md: 'm', lg: 'l', xl: 'l' };
const TONE_BADGE: Record<string, string> = {
  default: 'default',
  secondary: 'muted',
  destructive: 'danger',
  outline: 'default',
};
const TONE_ALERT: Record<string, string> = { info: 'default', success: 'success', warning: 'warning', error: 'danger' };
/** Local-state actions of json-render's renderers: they change state in the page, which Jig's layouts never do. */
const LOCAL_ACTIONS = new Set(['setState', 'pushState', 'removeState', 'validateForm']);

class SpecProjector {
  readonly p: Projection;
  private readonly done = new Set<string>();

  constructor(
    private readonly spec: { root: string; elements: Record<string, unknown>; state?: unknown },
    catalog: Catalog,
    private readonly site: Record<string, JsonRenderMapping>,
  ) {
    this.p = new Projection(catalog, spec.state, '/state');
  }

  /** A prop expression: literal, `$state`, `$item`, `$bindState`, `$bindItem`; the rest is refused. */
  expr(value: unknown, path: string, scope: Scope): (Bound & { bind?: boolean }) | undefined {
    if (!isRecord(value)) return { literal: value };
    const keys = Object.keys(value);
    const k = keys.find((x) => x.startsWith('$'));
    if (!k) return { literal: value };
    switch (k) {
      case '$state':
        return typeof value.$state === 'string' ? { pointer: value.$state } : this.bad(path);
      case '$bindState':
        return typeof value.$bindState === 'string' ? { pointer: value.$bindState, bind: true } : this.bad(path);
      case '$item':
      case '$bindItem': {
        const field = value[k];
        if (!scope.template) {
          this.p.unsupported(path, `${k} outside a repeat`, 'there is no item to read');
          return undefined;
        }
        if (typeof field !== 'string' || field === '') {
          this.p.unsupported(path, `${k} of the whole item`, 'Jig binds fields of an item');
          return undefined;
        }
        return { pointer: field.replace(/^\//, ''), bind: k === '$bindItem' };
      }
      case '$index':
        this.p.unsupported(path, 'the repeat index ($index)');
        return undefined;
      case '$cond':
        this.p.unsupported(path, 'a conditional value ($cond/$then/$else)', 'Jig props are literals or data');
        return undefined;
      case '$computed':
        this.p.unsupported(
          path,
          `the computed value ${JSON.stringify(String(value.$computed).slice(0, 40))} ($computed)`,
          'Jig never runs functions a document names',
        );
        return undefined;
      case '$template':
        this.p.unsupported(path, 'a string template ($template)', 'Jig props are literals or data');
        return undefined;
      default:
        this.p.unsupported(path, `the expression ${k}`);
        return undefined;
    }
  }

  private bad(path: string): undefined {
    this.p.issue(interopIssue('bad_message', path, 'an expression names its path with a string'));
    return undefined;
  }

  private display(
    type: string,
    prop: string,
    value: unknown,
    path: string,
    scope: Scope,
    want: 'string' | 'number' | 'any' = 'string',
  ): unknown {
    const e = this.expr(value, path, scope);
    if (!e) return undefined;
    return this.p.display(type, prop, e, path, scope, want);
  }

  node(key: string, scope: Scope, refPath: string): string {
    const el = this.spec.elements[key];
    const path = join('/elements', key);
    const id = this.p.id(key, isRecord(el) ? path : refPath);
    if (!isRecord(el) || this.done.has(key)) return id;
    this.done.add(key);
    this.map(key, el, id, path, scope);
    return id;
  }

  private children(el: Record<string, unknown>, path: string, scope: Scope): string[] {
    const ch = el.children;
    if (ch === undefined) return [];
    if (!Array.isArray(ch)) {
      this.p.issue(interopIssue('bad_message', join(path, 'children'), 'children is an array of element keys'));
      return [];
    }
    const inner: Scope = el.repeat !== undefined ? { template: true } : scope;
    return ch.map((k, i) => this.node(String(k), inner, join(path, 'children', i)));
  }

  private map(key: string, el: Record<string, unknown>, id: string, path: string, scope: Scope): void {
    const type = typeof el.type === 'string' ? el.type : '';
    const props = isRecord(el.props) ? el.props : {};
    const pp = (k: string) => join(path, 'props', k);
    const P = (k: string) => (props[k] === null ? undefined : props[k]);
    // Element-level keys: what Jig cannot express is refused by name.
    for (const k of Object.keys(el)) {
      if (k === 'watch')
        this.p.unsupported(join(path, 'watch'), 'state watchers (watch)', 'Jig layouts never run actions on their own');
      else if (k === 'slots')
        this.p.unsupported(join(path, 'slots'), 'named slots', 'Jig components take one list of children');
      else if (!['type', 'props', 'children', 'visible', 'on', 'repeat'].includes(k))
        this.p.issue(interopIssue('bad_message', join(path, k), `"${k}" is not a json-render element key`));
    }
    for (const k of ['visible', 'on', 'repeat', 'watch']) {
      if (k in props) this.p.warn('cleaned_up', pp(k), `"${k}" inside props belongs on the element; read from there`);
    }
    const visibleRaw = el.visible ?? props.visible;
    const onRaw = el.on ?? props.on;
    const repeatRaw = el.repeat ?? props.repeat;
    const node: LayoutNode = { id, type: 'text', props: {} };
    const issuesBefore = this.p.issues.length;
    const set = (t: string, pr: Record<string, unknown>) => {
      node.type = t;
      for (const [k, v] of Object.entries(pr)) if (v !== undefined) node.props![k] = v;
    };
    let ok = true;
    const refuse = (feature: string, at = path, why?: string) => {
      this.p.unsupported(at, feature, why);
      ok = false;
    };
    const text = (t: string, prop: string, k: string) =>
      this.display(t, prop, P(k), pp(k), scope) as string | undefined;
    const input = (k: string, fallback: unknown) => {
      const e = P(k) === undefined ? undefined : this.expr(P(k), pp(k), scope);
      if (e && 'pointer' in e && !e.bind)
        this.p.warn('cleaned_up', pp(k), 'an input read through $state is bound two-way, as $bindState');
      return this.p.bind(e, id, path, scope, fallback);
    };
    const hints = (keep: string[]) => {
      for (const k of Object.keys(props))
        if (!keep.includes(k) && !['visible', 'on', 'repeat', 'watch'].includes(k) && props[k] !== null)
          this.p.hint(path, k);
    };
    const mapped = this.site[type];
    if (mapped !== undefined) {
      const m = typeof mapped === 'string' ? { type: mapped } : mapped;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) {
        if (v === null) continue;
        const name = m.props?.[k] ?? k;
        const entry = this.p.catalog.get(m.type);
        const role = entry?.roles.find(([n]) => n === name)?.[1];
        const e = this.expr(v, pp(k), scope);
        if (!e) {
          ok = false;
          continue;
        }
        out[name] =
          role?.role === 'bind'
            ? this.p.bind(e, id, pp(k), scope, '')
            : this.p.display(m.type, name, e, pp(k), scope, 'any');
      }
      set(m.type, out);
    } else
      switch (type) {
        case 'Card':
          set('card', { title: text('card', 'title', 'title'), subtitle: text('card', 'subtitle', 'description') });
          hints(['title', 'description']);
          break;
        case 'Stack': {
          const gap = typeof P('gap') === 'string' ? GAP[P('gap') as string] : undefined;
          if (P('gap') === 'xl') this.p.warn('cleaned_up', pp('gap'), 'gap "xl" is Jig\'s largest gap, "l"');
          set('stack', { direction: P('direction') === 'horizontal' ? 'row' : 'column', gap, align: P('align') });
          hints(['direction', 'gap', 'align']);
          break;
        }
        case 'Grid':
          set('grid', {
            columns: P('columns'),
            gap: typeof P('gap') === 'string' ? GAP[P('gap') as string] : undefined,
          });
          hints(['columns', 'gap']);
          break;
        case 'Separator':
          set('divider', {});
          hints([]);
          break;
        case 'Heading': {
          const level = typeof P('level') === 'string' ? Number(String(P('level')).slice(1)) : undefined;
          set('heading', { text: text('heading', 'text', 'text'), level });
          hints(['text', 'level']);
          break;
        }
        case 'Text':
          set('text', {
            text: text('text', 'text', 'text'),
            tone: P('variant') === 'muted' || P('variant') === 'caption' ? 'muted' : undefined,
          });
          hints(['text', 'variant']);
          break;
        case 'Image':
          if (P('src') === undefined) {
            refuse('an image without src (a placeholder box)', pp('src'));
            break;
          }
          set('image', {
            src: text('image', 'src', 'src'),
            alt: text('image', 'alt', 'alt') ?? '',
            width: P('width'),
            height: P('height'),
          });
          hints(['src', 'alt', 'width', 'height']);
          break;
        case 'Avatar':
          set('avatar', {
            name: text('avatar', 'name', 'name'),
            src: P('src') === undefined ? undefined : text('avatar', 'src', 'src'),
            size: ({ sm: 's', md: 'm', lg: 'l' } as Record<string, string>)[String(P('size'))],
          });
          hints(['name', 'src', 'size']);
          break;
        case 'Badge':
          set('badge', { text: text('badge', 'text', 'text'), tone: TONE_BADGE[String(P('variant') ?? 'default')] });
          hints(['text', 'variant']);
          break;
        case 'Alert': {
          const title = text('callout', 'title', 'title');
          const message = P('message') === undefined ? undefined : text('callout', 'text', 'message');
          set(
            'callout',
            message === undefined
              ? { text: title }
              : { title, text: message, tone: TONE_ALERT[String(P('type') ?? 'info')] },
          );
          if (message === undefined) node.props!.tone = TONE_ALERT[String(P('type') ?? 'info')];
          hints(['title', 'message', 'type']);
          break;
        }
        case 'Progress': {
          if (P('label') === undefined)
            this.p.warn('cleaned_up', path, 'the progress bar has no label; it reads "Progress"');
          set('progress', {
            label: P('label') === undefined ? 'Progress' : text('progress', 'label', 'label'),
            value: this.display('progress', 'value', P('value'), pp('value'), scope, 'number'),
            max: P('max'),
          });
          hints(['label', 'value', 'max']);
          break;
        }
        case 'Table': {
          const cols = P('columns');
          const rows = P('rows');
          if (!Array.isArray(cols) || !Array.isArray(rows)) {
            refuse(
              'a table whose columns or rows come from state',
              pp(Array.isArray(cols) ? 'rows' : 'columns'),
              'Jig reads rows as records',
            );
            break;
          }
          const columns = cols.map((label, i) => ({ key: `c${i}`, label: String(label) }));
          set('table', {
            columns,
            rows: rows.map((r) => Object.fromEntries((Array.isArray(r) ? r : []).map((cell, i) => [`c${i}`, cell]))),
          });
          if (P('caption') !== undefined) this.p.hint(path, 'caption');
          break;
        }
        case 'Tabs': {
          const tabs = P('tabs');
          const kids = Array.isArray(el.children) ? el.children : [];
          if (!Array.isArray(tabs) || tabs.length !== kids.length) {
            refuse(
              `tabs whose ${Array.isArray(tabs) ? tabs.length : 0} labels do not pair with ${kids.length} children`,
              pp('tabs'),
              'Jig pairs each tab label with one child',
            );
            break;
          }
          if (P('value') !== undefined) this.p.hint(path, 'value (the open tab is not bound to state in Jig)');
          set('tabs', {});
          node.children = kids.map((k, i) => {
            const tabId = this.p.made(`${id}-tab-${i + 1}`, key);
            const label = isRecord(tabs[i])
              ? String((tabs[i] as Record<string, unknown>).label ?? `Tab ${i + 1}`)
              : `Tab ${i + 1}`;
            this.p.add(
              {
                id: tabId,
                type: 'tab',
                props: { label },
                children: [this.node(String(k), scope, join(path, 'children', i))],
              },
              join(path, 'props', 'tabs', i),
            );
            return tabId;
          });
          break;
        }
        case 'Accordion': {
          const items = P('items');
          if (!Array.isArray(items)) {
            refuse('accordion items from state', pp('items'));
            break;
          }
          set('stack', { direction: 'column' });
          const group =
            P('type') === 'multiple' ? undefined : `acc-${id.toLowerCase().replace(/[^a-z0-9-]/g, '')}`.slice(0, 40);
          node.children = items.map((it, i) => {
            const item = isRecord(it) ? it : {};
            const sec = this.p.made(`${id}-item-${i + 1}`, key);
            const body = this.p.made(`${id}-item-${i + 1}-text`, key);
            this.p.add(
              {
                id: sec,
                type: 'accordion',
                props: { title: String(item.title ?? ''), ...(group ? { group } : {}) },
                children: [body],
              },
              join(path, 'props', 'items', i),
            );
            this.p.add(
              { id: body, type: 'text', props: { text: String(item.content ?? '') } },
              join(path, 'props', 'items', i, 'content'),
            );
            return sec;
          });
          break;
        }
        case 'Collapsible':
          set('accordion', { title: text('accordion', 'title', 'title'), open: P('defaultOpen') });
          hints(['title', 'defaultOpen']);
          break;
        case 'Dialog': {
          const title = text('dialog', 'title', 'title');
          this.p.warn(
            'cleaned_up',
            pp('openPath'),
            'the dialog opens from its own button labelled with its title, not from setState on openPath',
          );
          set('dialog', { trigger: title, title });
          if (P('description') !== undefined) {
            const d = this.p.made(`${id}-description`, key);
            this.p.add(
              { id: d, type: 'text', props: { text: text('text', 'text', 'description') } },
              pp('description'),
            );
            node.children = [d];
          }
          hints(['title', 'description', 'openPath']);
          break;
        }
        case 'Input':
        case 'Textarea': {
          const t = P('type') === 'number' ? 'number-field' : 'text-field';
          if (P('type') === 'password') {
            refuse('a password input', pp('type'), 'Jig has no password input; showing it in clear would expose it');
            break;
          }
          set(t, {
            label: text(t, 'label', 'label'),
            bind: input('value', t === 'number-field' ? null : ''),
            placeholder:
              t === 'text-field' && P('placeholder') !== undefined ? text(t, 'placeholder', 'placeholder') : undefined,
            multiline: type === 'Textarea' ? true : undefined,
            inputType: P('type') === 'email' ? 'email' : undefined,
            ...this.checks(props, path, t),
          });
          hints(['label', 'name', 'type', 'placeholder', 'value', 'checks', 'validateOn', 'rows']);
          break;
        }
        case 'Select':
        case 'Radio': {
          const t = type === 'Select' ? 'select' : 'radio-group';
          const options = Array.isArray(P('options'))
            ? (P('options') as unknown[]).map((o) => ({ value: String(o), label: String(o) }))
            : undefined;
          if (!options) {
            refuse('options that come from state', pp('options'), 'Jig options are written in the layout');
            break;
          }
          set(t, {
            label: text(t, 'label', 'label'),
            bind: input('value', ''),
            options,
            ...this.checks(props, path, t),
          });
          hints(['label', 'name', 'options', 'value', 'checks', 'validateOn', 'placeholder']);
          break;
        }
        case 'Checkbox':
        case 'Switch': {
          const t = type === 'Checkbox' ? 'checkbox' : 'switch';
          set(t, { label: text(t, 'label', 'label'), bind: input('checked', false) });
          this.checks(props, path, t);
          hints(['label', 'name', 'checked', 'checks', 'validateOn']);
          break;
        }
        case 'Slider': {
          if (P('label') === undefined) this.p.warn('cleaned_up', path, 'the slider has no label; it reads "Value"');
          set('slider', {
            label: P('label') === undefined ? 'Value' : text('slider', 'label', 'label'),
            bind: input('value', 0),
            min: P('min'),
            max: P('max'),
            step: P('step'),
          });
          hints(['label', 'value', 'min', 'max', 'step']);
          break;
        }
        case 'Button': {
          if (P('disabled') === true) {
            refuse('a disabled button', pp('disabled'), 'Jig buttons always act');
            break;
          }
          const action = this.action(onRaw, 'press', id, el.on !== undefined ? join(path, 'on') : pp('on'), scope);
          if (action === undefined) {
            ok = false;
            break;
          }
          set('button', { label: text('button', 'label', 'label'), action, variant: P('variant') });
          hints(['label', 'variant', 'disabled']);
          break;
        }
        case 'Link':
          if (onRaw !== undefined) {
            refuse('a link with a press handler', join(path, 'on'), 'a Jig link only navigates');
            break;
          }
          set('link', { text: text('link', 'text', 'label'), href: text('link', 'href', 'href') });
          hints(['label', 'href']);
          break;
        default:
          refuse(
            `the component type ${JSON.stringify(type.slice(0, 60))}`,
            join(path, 'type'),
            "it is not in the shadcn profile Jig maps nor in the site's table",
          );
      }
    if (onRaw !== undefined && type !== 'Button' && type !== 'Link' && mapped === undefined)
      refuse('event handlers (on) on this component', join(path, 'on'), 'in Jig only buttons and forms act');
    // A prop that could not be read is refused already: a stand-in keeps it from cascading into missing_prop.
    if (!ok || this.p.issues.length > issuesBefore) {
      this.p.placeholder(id, path, type || 'element');
      return;
    }
    const visible =
      visibleRaw === undefined
        ? undefined
        : this.visible(visibleRaw, el.visible !== undefined ? join(path, 'visible') : pp('visible'));
    if (visible === false) {
      this.p.placeholder(id, path, 'never visible');
      return;
    }
    if (visible && visible !== true) node.visible = visible;
    this.p.add(node, path);
    const kids =
      node.type === 'tabs' || (node.type === 'stack' && type === 'Accordion')
        ? undefined
        : this.children(el, path, scope);
    if (repeatRaw !== undefined) {
      const r = isRecord(repeatRaw) ? repeatRaw : {};
      const at = el.repeat !== undefined ? join(path, 'repeat') : pp('repeat');
      if (typeof r.statePath !== 'string') {
        this.p.unsupported(at, 'a repeat whose statePath is not a state path');
        return;
      }
      if (r.key !== undefined) this.p.hint(path, 'repeat.key');
      // json-render repeats an element's children once per item; Jig repeats a node, so the children sit in a repeated stack.
      const wrap = this.p.made(`${id}-each`, key);
      this.p.add(
        {
          id: wrap,
          type: 'stack',
          props: { direction: node.type === 'stack' && node.props?.direction === 'row' ? 'row' : 'column' },
          repeat: this.p.absolute(r.statePath, at, scope) ?? r.statePath,
          children: kids ?? [],
        },
        at,
      );
      node.children = [wrap];
    } else if (kids?.length) node.children = kids;
    if (node.type === 'dialog' && node.children && kids) node.children = [...new Set([...node.children])];
  }

  /** json-render's visibility conditions as Jig's: comparisons with literals, and/or/not; truthiness spelled out. */
  private visible(v: unknown, path: string): Condition | boolean | undefined {
    if (v === true) return true;
    if (v === false) return false;
    if (Array.isArray(v)) {
      const all = v.map((c, i) => this.visible(c, join(path, i)));
      if (all.some((c) => c === undefined)) return undefined;
      if (all.includes(false)) return false;
      const conds = all.filter((c): c is Condition => c !== true);
      return conds.length === 0 ? true : conds.length === 1 ? conds[0]! : { and: conds };
    }
    if (!isRecord(v)) {
      this.p.issue(
        interopIssue(
          'bad_message',
          path,
          'a visibility condition is true, false, a condition, an array or {$and}/{$or}',
        ),
      );
      return undefined;
    }
    if ('$and' in v || '$or' in v) {
      const k = '$and' in v ? '$and' : '$or';
      const list = v[k];
      if (!Array.isArray(list)) {
        this.p.issue(interopIssue('bad_message', join(path, k), `${k} takes an array`));
        return undefined;
      }
      const all = list.map((c, i) => this.visible(c, join(path, k, i)));
      if (all.some((c) => c === undefined || typeof c === 'boolean')) {
        if (!all.some((c) => c === undefined)) this.p.unsupported(path, `true/false inside ${k}`);
        return undefined;
      }
      return k === '$and' ? { and: all as Condition[] } : { or: all as Condition[] };
    }
    let pointer: string;
    if (typeof v.$state === 'string') pointer = v.$state;
    else if (typeof v.$item === 'string' && v.$item !== '') pointer = v.$item.replace(/^\//, '');
    else {
      this.p.unsupported(path, '$index' in v ? 'a condition on the repeat index' : 'this visibility condition');
      return undefined;
    }
    const ops = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'].filter((o) => o in v);
    let cond: Condition;
    if (ops.length === 0) cond = { not: { $data: pointer, in: [false, null, 0, ''] } } as Condition;
    else {
      const op = ops[0]!;
      if (ops.length > 1)
        this.p.warn(
          'cleaned_up',
          path,
          `only the first comparison counts (${ops.join(', ')}), as in json-render; read as "${op}"`,
        );
      const operand = v[op];
      if (isRecord(operand)) {
        this.p.unsupported(join(path, op), 'a comparison with another state value', 'Jig compares with literals');
        return undefined;
      }
      cond = { $data: pointer, [op]: operand } as Condition;
    }
    if (ops.length === 0)
      this.p.warn('cleaned_up', path, 'a truthiness test is written as "not in [false, null, 0, \\"\\"]"');
    return v.not === true ? { not: cond } : cond;
  }

  /** The press action of a button: one action, no local state, no confirm or follow-ups. */
  private action(on: unknown, event: string, id: string, path: string, scope: Scope): string | undefined {
    if (!isRecord(on) || on[event] === undefined) {
      this.p.unsupported(path, 'a button without an on.press action', 'Jig buttons always act');
      return undefined;
    }
    for (const k of Object.keys(on))
      if (k !== event) this.p.unsupported(join(path, k), `the "${k}" event`, 'a Jig button acts on press');
    let b = on[event];
    if (Array.isArray(b)) {
      if (b.length !== 1) {
        this.p.unsupported(join(path, event), 'several actions on one press');
        return undefined;
      }
      b = b[0];
    }
    const at = join(path, event);
    if (!isRecord(b) || typeof b.action !== 'string') {
      this.p.issue(interopIssue('bad_message', at, 'an action binding is {"action": name, "params"?: …}'));
      return undefined;
    }
    if (LOCAL_ACTIONS.has(b.action)) {
      this.p.unsupported(
        join(at, 'action'),
        `the local state action ${b.action}`,
        'a Jig layout never changes its own state; the host handles actions',
      );
      return undefined;
    }
    for (const k of ['confirm', 'onSuccess', 'onError'])
      if (k in b) this.p.unsupported(join(at, k), `${k} on an action`, 'the host page decides what follows an action');
    if ('confirm' in b || 'onSuccess' in b || 'onError' in b) return undefined;
    if (b.preventDefault !== undefined) this.p.hint(at, 'preventDefault');
    const context: Record<string, PeerValue> = {};
    if (isRecord(b.params)) {
      for (const [k, v] of Object.entries(b.params)) {
        const e = this.expr(v, join(at, 'params', k), scope);
        if (!e) continue;
        if ('literal' in e) context[k] = { literal: e.literal };
        else {
          const p = this.p.absolute(e.pointer, join(at, 'params', k), scope);
          if (p) context[k] = { pointer: p };
        }
      }
    }
    this.p.actions[id] = { name: b.action, context };
    return b.action;
  }

  /** Validation checks onto input props where Jig has one; the rest set aside, never evaluated. */
  private checks(props: Record<string, unknown>, path: string, t: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const checks = props.checks;
    if (!Array.isArray(checks)) return out;
    checks.forEach((c, i) => {
      const at = join(path, 'props', 'checks', i);
      const check = isRecord(c) ? c : {};
      const args = isRecord(check.args) ? check.args : {};
      const kind = check.type;
      if (kind === 'required' && !['checkbox', 'switch', 'slider'].includes(t)) out.required = true;
      else if (kind === 'email' && t === 'text-field') out.inputType = 'email';
      else if (kind === 'url' && t === 'text-field') out.inputType = 'url';
      else if ((kind === 'min' || kind === 'max') && t === 'number-field' && typeof args[kind] === 'number')
        out[kind] = args[kind];
      else if (kind === 'pattern') this.p.pattern(args.pattern, join(at, 'args', 'pattern'));
      else
        this.p.warn(
          'dropped_check',
          at,
          `the check ${JSON.stringify(String(kind ?? 'unknown').slice(0, 40))} was set aside: Jig's ${t} has no prop for it (it is never evaluated as code)`,
        );
    });
    return out;
  }
}

/** Text as a model writes it in inline mode: the JSONL lines inside ```spec fences, or every line that starts with "{". */
export function specLines(text: string): { line: string; n: number }[] {
  const all = text.split('\n');
  const fenced: { line: string; n: number }[] = [];
  let inFence = false;
  let sawFence = false;
  all.forEach((raw, n) => {
    const line = raw.trim();
    if (/^```spec\s*$/.test(line)) {
      inFence = true;
      sawFence = true;
      return;
    }
    if (inFence && line.startsWith('```')) {
      inFence = false;
      return;
    }
    if (inFence) fenced.push({ line: raw, n });
  });
  if (sawFence) return fenced;
  // Without a fence, as json-render's inline mode reads it: lines that start with "{" are patches, the rest prose.
  return all.map((line, n) => ({ line, n })).filter((l) => l.line.trim().startsWith('{'));
}

export type JsonRenderInput = string | Record<string, unknown> | readonly unknown[];
export type JsonRenderStreamInput = LineSource;

/**
 * Reads a json-render spec (an object or its JSON text), a SpecStream (JSONL patch lines, an
 * array of ops, or prose with a ```spec fence) and projects it into a Jig document through the
 * full gates. Pure; never throws. A stream of lines gives a promise of the same result.
 */
export function fromJsonRender(input: JsonRenderInput, options?: JsonRenderOptions): JsonRenderResult;
export function fromJsonRender(input: JsonRenderStreamInput, options?: JsonRenderOptions): Promise<JsonRenderResult>;
export function fromJsonRender(
  input: JsonRenderInput | JsonRenderStreamInput,
  options: JsonRenderOptions = {},
): JsonRenderResult | Promise<JsonRenderResult> {
  if (isStream(input)) return fromJsonRenderStream(input, options);
  try {
    const limits = resolveLimits(options.limits);
    const stream = { ...DEFAULT_STREAM_LIMITS, ...options.stream };
    const builder = new SpecBuilder(limits, stream);
    if (typeof input === 'string') {
      const trimmed = input.trim();
      if (trimmed === '')
        return refused([
          {
            gate: 'parse',
            code: 'empty_input',
            path: '',
            message: 'expected a json-render spec or SpecStream, received empty text',
          },
        ]);
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        if (input.length > stream.maxStreamBytes)
          return refused([
            {
              gate: 'envelope',
              code: 'too_large',
              path: '',
              message: `the input is over the ${stream.maxStreamBytes}-byte limit`,
            },
          ]);
        // Read at the stream's size limit here: the spec itself is held to the document limits when it is checked.
        const whole = parseValue(input, '', { ...limits, maxBytes: stream.maxStreamBytes });
        // One JSON value: a spec, or an array of ops. Several values (JSONL) fall through to lines.
        if (!whole.ok && whole.issue.code !== 'malformed_line') return refused([whole.issue]);
        if (whole.ok && Array.isArray(whole.value)) {
          whole.value.forEach((op, i) => builder.op(op, join('', i)));
          return builder.finish(options);
        }
        if (whole.ok && isRecord(whole.value) && !('op' in whole.value)) {
          builder.spec = whole.value;
          return builder.finish(options);
        }
        if (!whole.ok && trimmed.startsWith('[')) return refused([whole.issue]);
      }
      {
        const all = specLines(input);
        builder.lines.prose =
          input.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('```')).length - all.length;
        for (const { line, n } of all) builder.line(line, n);
      }
    } else if (Array.isArray(input)) input.forEach((op, i) => builder.op(op, join('', i)));
    else {
      const bad = checkObject(input, '', limits);
      if (bad) return refused([bad]);
      builder.spec = input as Record<string, unknown>;
      builder.checked = true;
    }
    return builder.finish(options);
  } catch (err) {
    return refused([unreadable('the spec', err)]);
  }
}

async function fromJsonRenderStream(
  source: JsonRenderStreamInput,
  options: JsonRenderOptions,
): Promise<JsonRenderResult> {
  try {
    const builder = new SpecBuilder(resolveLimits(options.limits), { ...DEFAULT_STREAM_LIMITS, ...options.stream });
    const fence = new SpecFence(builder.lines);
    for await (const { line, n } of streamLines(source, builder.tally)) if (fence.patch(line)) builder.line(line, n);
    return builder.finish(options);
  } catch (err) {
    return refused([unreadable('the stream', err)]);
  }
}

/**
 * Sorts a SpecStream's lines as they arrive (no look-ahead): ```spec fences open and close;
 * inside a fence every line is a patch, outside one only lines that start with "{" are, and the
 * rest is prose for people, counted.
 */
export class SpecFence {
  private open = false;

  constructor(private readonly lines: { prose: number }) {}

  /** Whether the line is a patch line to read. */
  patch(line: string): boolean {
    const t = line.trim();
    if (/^```spec\s*$/.test(t)) {
      this.open = true;
      return false;
    }
    if (this.open && t.startsWith('```')) {
      this.open = false;
      return false;
    }
    if (this.open || t.startsWith('{')) return true;
    if (t !== '') this.lines.prose++;
    return false;
  }
}

function refused(issues: InteropIssue[]): JsonRenderResult {
  return { ok: false, issues, warnings: [], actions: {}, ids: {} };
}

/** The peer's own state while a SpecStream arrives: the spec, patched line by line. */
export class SpecBuilder {
  spec: Record<string, unknown> = {};
  readonly issues: InteropIssue[] = [];
  readonly lines = { read: 0, malformed: 0, prose: 0 };
  /** Counts the lines into `lines` and reports the bad ones into `issues`. */
  readonly tally: LineTally;
  private streamed = false;
  /** Set when the spec was handed over as an object already checked by checkObject. */
  checked = false;

  constructor(
    private readonly limits: Limits,
    stream: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {
    this.tally = new LineTally(this.issues, limits, stream.maxMessages, this.lines);
  }

  /** One JSONL line: a patch op (or an array of ops). */
  line(line: string, n: number): void {
    const message = this.tally.line(line, n);
    if (!message) return;
    const v = message.value;
    if (Array.isArray(v)) v.forEach((op, i) => this.op(op, join(message.path, i)));
    else this.op(v, message.path);
  }

  /** Applies one RFC 6902 op to the spec; a bad op is reported and the spec is left as it was. */
  op(op: unknown, path: string): boolean {
    this.streamed = true;
    // json-render's SpecStream creates missing parent objects on add and replace ("/elements/card" before "/elements").
    if (isRecord(op) && (op.op === 'add' || op.op === 'replace') && typeof op.path === 'string') {
      const parsed = parsePointer(op.path);
      if (parsed.ok) {
        let cur: Record<string, unknown> = this.spec;
        for (const s of parsed.segments.slice(0, -1)) {
          if (cur[s] === undefined) cur[s] = {};
          if (!isRecord(cur[s])) break;
          cur = cur[s] as Record<string, unknown>;
        }
        if (
          op.op === 'replace' &&
          parsed.segments.length &&
          !Array.isArray(cur) &&
          !(parsed.segments[parsed.segments.length - 1]! in cur)
        )
          op = { ...op, op: 'add' };
      }
    }
    // add, replace and remove apply in place (a stream of thousands of lines must not copy the spec for each);
    // move, copy and test go through Jig's all-or-nothing patcher.
    if (isRecord(op) && (op.op === 'add' || op.op === 'replace' || op.op === 'remove') && typeof op.path === 'string') {
      const problem = applyInPlace(
        this.spec,
        op as { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown },
      );
      if (problem) {
        this.issues.push(interopIssue('bad_message', join(path, 'path'), `the patch could not apply: ${problem}`));
        return false;
      }
      return true;
    }
    const r = applyPatch(this.spec, [op]);
    if (!r.ok) {
      for (const p of r.problems)
        this.issues.push(
          interopIssue(
            'bad_message',
            path + p.path.replace(/^\/ops\/0/, ''),
            `the patch could not apply: ${p.message}`,
          ),
        );
      return false;
    }
    if (!isRecord(r.document)) {
      this.issues.push(interopIssue('bad_message', path, 'the spec must stay an object'));
      return false;
    }
    this.spec = r.document;
    return true;
  }

  finish(options: JsonRenderOptions): JsonRenderResult {
    const bad = this.checked ? undefined : checkObject(this.spec, '', this.limits);
    const base = this.streamed ? { lines: this.lines, spec: this.spec } : {};
    if (bad) return { ...refused([...this.issues, bad]), ...base };
    const r = projectSpec(this.spec, options);
    if (this.issues.length === 0) return { ...r, ...base };
    // A stream with a bad line is refused as a whole: what the good lines built is shown beside the issues, never as a layout.
    const { layout, ...rest } = r;
    return {
      ...rest,
      ok: false,
      ...(layout ? { projected: layout } : {}),
      issues: [...this.issues, ...r.issues],
      ...base,
    };
  }
}

function projectSpec(spec: Record<string, unknown>, options: JsonRenderOptions): ProjectionResult {
  const issues: InteropIssue[] = [];
  if (typeof spec.root !== 'string' || spec.root === '')
    issues.push(interopIssue('no_root', '/root', 'a json-render spec names its root element in "root"'));
  if (!isRecord(spec.elements))
    issues.push(
      interopIssue(
        'bad_message',
        '/elements',
        'a json-render spec holds its elements in "elements", an object keyed by element key',
      ),
    );
  if (spec.state !== undefined && !isRecord(spec.state))
    issues.push(interopIssue('bad_message', '/state', '"state" is an object'));
  for (const k of Object.keys(spec))
    if (!['root', 'elements', 'state'].includes(k))
      issues.push(interopIssue('bad_message', join('', k), `"${k}" is not a key of a json-render spec`));
  if (issues.length) return { ok: false, issues, warnings: [], actions: {}, ids: {} };
  const elements = spec.elements as Record<string, unknown>;
  if (!((spec.root as string) in elements))
    return {
      ok: false,
      issues: [interopIssue('no_root', '/root', `the root "${spec.root}" names no element`)],
      warnings: [],
      actions: {},
      ids: {},
    };
  const projector = new SpecProjector(
    { root: spec.root as string, elements, state: spec.state },
    options.catalog ?? builtinCatalog,
    options.components ?? {},
  );
  const root = projector.node(spec.root as string, { template: false }, '/root');
  const reached = new Set(projector.p.nodes.map((n) => projector.p.ids[n.id] ?? n.id));
  const orphans = Object.keys(elements).filter((k) => !reached.has(k));
  if (orphans.length)
    projector.p.warn(
      'cleaned_up',
      '/elements',
      `${orphans.length} element${orphans.length === 1 ? ' is' : 's are'} not reachable from the root and not shown: ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ', …' : ''}`,
    );
  return projector.p.finish(root, undefined, options);
}

/** RFC 6902 add, replace and remove on the spec itself; a problem as text, or undefined. */
function applyInPlace(
  spec: Record<string, unknown>,
  op: { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown },
): string | undefined {
  const keys = Object.keys(op);
  const allowed = op.op === 'remove' ? ['op', 'path'] : ['op', 'path', 'value'];
  if (keys.some((k) => !allowed.includes(k)) || (op.op !== 'remove' && !('value' in op)))
    return `an "${op.op}" op has exactly the keys ${allowed.join(', ')}`;
  const parsed = parsePointer(op.path);
  if (!parsed.ok) return parsed.message;
  const segs = parsed.segments;
  let cur: unknown = spec;
  for (const s of segs.slice(0, -1)) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(s) || Number(s) >= cur.length) return `nothing at ${JSON.stringify(op.path)}`;
      cur = cur[Number(s)];
    } else if (isRecord(cur) && Object.hasOwn(cur, s)) cur = cur[s];
    else return `the parent of ${JSON.stringify(op.path)} does not exist`;
  }
  const last = segs[segs.length - 1]!;
  const value =
    op.value !== undefined && op.value !== null && typeof op.value === 'object' ? structuredClone(op.value) : op.value;
  if (Array.isArray(cur)) {
    const i = last === '-' ? cur.length : /^(0|[1-9]\d*)$/.test(last) ? Number(last) : -1;
    if (i < 0 || i > cur.length || (op.op !== 'add' && i >= cur.length))
      return `no index ${JSON.stringify(last)} in the array at ${JSON.stringify(op.path)}`;
    if (op.op === 'add') cur.splice(i, 0, value);
    else if (op.op === 'replace') cur[i] = value;
    else cur.splice(i, 1);
    return undefined;
  }
  if (!isRecord(cur)) return `the parent of ${JSON.stringify(op.path)} is not an object or array`;
  const has = Object.hasOwn(cur, last);
  if (op.op !== 'add' && !has) return `nothing at ${JSON.stringify(op.path)}`;
  if (op.op === 'remove') delete cur[last];
  else setOwn(cur, last, value);
  return undefined;
}
