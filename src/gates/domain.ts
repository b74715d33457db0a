// Gate 7, domain: rules a site adds ("a checkout form must have an email field"). A rule sees
// a document that passed the structural gates and returns its problems as data.
import type { Catalog } from '../catalog/catalog.js';
import type { LayoutDocument } from '../layout/document.js';
import { issue, preview, type Issue } from './issue.js';

export interface RuleProblem {
  /** A stable code of the site's own (default "domain_rule"). */
  code?: string;
  /** JSON Pointer of the offending part ('' for the whole document). */
  path?: string;
  message: string;
}

export interface DomainRule {
  /** Names the rule in issues and traces. */
  name: string;
  check(layout: LayoutDocument, context: { catalog: Catalog }): readonly RuleProblem[] | void;
}

export function domainGate(layout: LayoutDocument, rules: readonly DomainRule[], catalog: Catalog): Issue[] {
  const out: Issue[] = [];
  for (const rule of rules) {
    let problems: readonly RuleProblem[] | void;
    try {
      problems = rule.check(layout, { catalog });
    } catch (err) {
      // A broken rule must not let a layout through unchecked: it counts as a failure.
      out.push(
        issue('rule_crashed', '', `rule "${rule.name}" threw: ${err instanceof Error ? err.message : String(err)}`),
      );
      continue;
    }
    // Sites write rules in plain JS too: a non-list (an async rule's Promise) or a problem that
    // is not an object would otherwise throw below and surface as a parse failure.
    if (problems !== undefined && !Array.isArray(problems)) {
      out.push(
        issue(
          'rule_crashed',
          '',
          `rule "${rule.name}" returned ${problems instanceof Promise ? 'a Promise (rules are synchronous)' : preview(problems)} instead of an array of problems`,
        ),
      );
      continue;
    }
    for (const p of problems ?? []) {
      if (p === null || typeof p !== 'object') {
        out.push(
          issue(
            'rule_crashed',
            '',
            `rule "${rule.name}" returned ${preview(p)} as a problem; expected {message, code?, path?}`,
          ),
        );
        continue;
      }
      out.push({
        gate: 'domain',
        code: p.code ?? 'domain_rule',
        path: p.path ?? '',
        message: `${rule.name}: ${p.message}`,
      });
    }
  }
  return out;
}

/** Helper for the commonest rule: a form of some action must contain an input of some kind. */
export function requireInput(
  name: string,
  options: { formAction?: string; type: string; inputType?: string; message?: string },
): DomainRule {
  return {
    name,
    check(layout) {
      const byId = new Map(layout.nodes.map((n) => [n.id, n]));
      const problems: RuleProblem[] = [];
      layout.nodes.forEach((n, i) => {
        if (n.type !== 'form' || (options.formAction && n.props?.action !== options.formAction)) return;
        const stack = [...(n.children ?? [])];
        let found = false;
        while (stack.length && !found) {
          const c = byId.get(stack.pop()!);
          if (!c) continue;
          if (c.type === options.type && (!options.inputType || c.props?.inputType === options.inputType)) found = true;
          stack.push(...(c.children ?? []));
        }
        if (!found)
          problems.push({
            code: 'missing_input',
            path: `/nodes/${i}`,
            message:
              options.message ??
              `form "${n.id}" needs a ${options.type}${options.inputType ? ` of type ${options.inputType}` : ''}`,
          });
      });
      return problems;
    },
  };
}
