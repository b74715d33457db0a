// Gate 6, policy: what may never render — script URLs in any spelling, prototype keys anywhere,
// strings over the limit, and actions the host page does not accept.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { UrlKind } from '../catalog/props.js';
import { ACTION_PATTERN, BUILTIN_ACTIONS, type Limits, type LayoutNode } from '../layout/document.js';
import { FORBIDDEN_SEGMENTS } from '../layout/pointer.js';
import { issue, pointer, preview, type Issue } from './issue.js';

const SCHEMES: Record<UrlKind, ReadonlySet<string>> = {
  link: new Set(['https', 'http', 'mailto', 'tel']),
  image: new Set(['https', 'http']),
};
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif)(;base64)?,/i;

/**
 * Why a URL is refused, or undefined when it is safe. Mirrors how browsers read a scheme:
 * leading/trailing controls and spaces are dropped, tabs and newlines inside are ignored.
 */
export function urlProblem(value: string, kind: UrlKind): string | undefined {
  const s = trimControls(value).replace(/[\t\n\r]/g, '');
  // Browsers read "\" as "/" in web URLs: "\\evil.example" and "/\evil.example" lead to another site.
  if (s.includes('\\'))
    return `${preview(value)} holds a "\\", which browsers read as "/"; write "/" (or %5C inside a value)`;
  // Anything before the first ":" that comes ahead of "/", "?" or "#" would be a scheme.
  const colon = s.indexOf(':');
  const cut = s.search(/[/?#]/);
  if (colon < 0 || (cut >= 0 && cut < colon)) return undefined; // a relative URL
  const scheme = s.slice(0, colon);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(scheme))
    return `${preview(value)} has an unreadable scheme; use https:, http: or a relative path`;
  const lower = scheme.toLowerCase();
  // "https:evil.example" is read as a path on an https page and as another site elsewhere.
  if ((lower === 'https' || lower === 'http') && !s.startsWith('//', colon + 1))
    return `${preview(value)} has no "//" after "${lower}:"; write ${lower}://host/path`;
  if (SCHEMES[kind].has(lower)) return undefined;
  if (kind === 'image' && lower === 'data' && DATA_IMAGE.test(s)) return undefined;
  const allowed =
    kind === 'link'
      ? 'https:, http:, mailto:, tel: or a relative path'
      : 'https:, http:, a relative path or a data:image/(png|jpeg|gif|webp|avif) URL';
  return `the "${lower}:" scheme is not allowed here; use ${allowed}`;
}

/**
 * The string without leading and trailing C0 controls and spaces, as the URL parser strips them.
 * A loop, not a regex: `[\0- ]+$` retries from every position of a long run and is quadratic.
 */
function trimControls(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Walks any value: prototype keys and long strings. */
export function checkValue(value: unknown, path: (string | number)[], limits: Limits, out: Issue[]): void {
  if (typeof value === 'string') {
    if (value.length > limits.maxStringLength)
      out.push(
        issue(
          'string_too_long',
          pointer(...path),
          `a string of ${value.length} characters; the limit is ${limits.maxStringLength}`,
        ),
      );
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkValue(value[i], path, limits, out);
      path.pop();
    }
    return;
  }
  for (const k of Object.keys(value)) {
    if (k.length > limits.maxKeyLength) {
      // The issue points at the object holding the key: a path spelling out a 100,000-character
      // key would make every report of it that large.
      out.push(
        issue(
          'key_too_long',
          pointer(...path),
          `a key of ${k.length} characters (${preview(k)}); the limit is ${limits.maxKeyLength}`,
        ),
      );
      continue;
    }
    path.push(k);
    if (FORBIDDEN_SEGMENTS.has(k))
      out.push(
        issue(
          'forbidden_key',
          pointer(...path),
          `the key "${k}" is never allowed (it can reach an object's prototype)`,
        ),
      );
    else checkValue((value as Record<string, unknown>)[k], path, limits, out);
    path.pop();
  }
}

export interface PolicyOptions {
  /** Actions the host accepts; undefined accepts any well-formed name. */
  actions?: readonly string[];
}

/** URL and action props of one node, plus its keys and strings. */
export function checkNodePolicy(
  entry: CatalogEntry | undefined,
  node: LayoutNode,
  index: number,
  limits: Limits,
  options: PolicyOptions,
  out: Issue[],
): void {
  checkValue(node, ['nodes', index], limits, out);
  if (!entry || !node.props) return;
  for (const [prop, role] of entry.roles) {
    const value = node.props[prop];
    if (typeof value !== 'string') continue;
    const at = pointer('nodes', index, 'props', prop);
    if (role.role === 'url') {
      const problem = urlProblem(value, role.kind);
      if (problem) out.push(issue('unsafe_url', at, problem));
    } else if (role.role === 'action') {
      if (!ACTION_PATTERN.test(value))
        out.push(
          issue(
            'bad_action',
            at,
            `expected an action name like "reserve" (a letter, then letters, digits, "_", "-", "." or ":"), received ${preview(value)}`,
          ),
        );
      else if (options.actions && !options.actions.includes(value) && !BUILTIN_ACTIONS.includes(value)) {
        out.push(
          issue(
            'unknown_action',
            at,
            `the page accepts the actions ${[...options.actions, ...BUILTIN_ACTIONS].join(', ')}; received ${preview(value)}`,
          ),
        );
      }
    }
  }
}
