// A small reader for the GBNF that Jig emits (the subset llama.cpp reads): parse, sample random
// text from it, and tell whether a text is in its language. Tests use it to check the grammar
// itself, thousands of times, without a model.

type Node =
  | { k: 'lit'; s: string }
  | { k: 'cls'; set: Set<number> }
  | { k: 'ref'; name: string }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'rep'; item: Node; min: number; max: number };

export type Grammar = Map<string, Node>;

export function parseGbnf(text: string): Grammar {
  const rules: Grammar = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z0-9-]+) ::= (.*)$/.exec(line);
    if (!m) throw new Error(`unreadable rule: ${line.slice(0, 80)}`);
    const c = { s: m[2]!, i: 0 };
    const node = alt(c);
    if (c.i !== c.s.length) throw new Error(`trailing text in ${m[1]} at ${c.i}: ${c.s.slice(c.i, c.i + 40)}`);
    rules.set(m[1]!, node);
  }
  for (const [name, node] of rules) checkRefs(node, rules, name);
  return rules;
}

function checkRefs(n: Node, rules: Grammar, where: string): void {
  if (n.k === 'ref' && !rules.has(n.name)) throw new Error(`${where} refers to a missing rule ${n.name}`);
  if (n.k === 'seq' || n.k === 'alt') n.items.forEach((x) => checkRefs(x, rules, where));
  if (n.k === 'rep') checkRefs(n.item, rules, where);
}

interface C {
  s: string;
  i: number;
}
const ws = (c: C) => {
  while (c.s[c.i] === ' ') c.i++;
};

function alt(c: C): Node {
  const items = [seq(c)];
  ws(c);
  while (c.s[c.i] === '|') {
    c.i++;
    items.push(seq(c));
    ws(c);
  }
  return items.length === 1 ? items[0]! : { k: 'alt', items };
}

function seq(c: C): Node {
  const items: Node[] = [];
  for (;;) {
    ws(c);
    const ch = c.s[c.i];
    if (ch === undefined || ch === '|' || ch === ')') break;
    let node = primary(c);
    const q = c.s[c.i];
    if (q === '?') {
      c.i++;
      node = { k: 'rep', item: node, min: 0, max: 1 };
    } else if (q === '{') {
      const m = /^\{(\d+)(?:,(\d+))?\}/.exec(c.s.slice(c.i))!;
      c.i += m[0].length;
      node = { k: 'rep', item: node, min: Number(m[1]), max: Number(m[2] ?? m[1]) };
    } else if (q === '*' || q === '+') throw new Error('unbounded repeat in the grammar');
    items.push(node);
  }
  return items.length === 1 ? items[0]! : { k: 'seq', items };
}

function char(c: C): number {
  const ch = c.s[c.i++]!;
  if (ch !== '\\') return ch.charCodeAt(0);
  const e = c.s[c.i++]!;
  if (e === 'x') {
    const h = c.s.slice(c.i, c.i + 2);
    c.i += 2;
    return parseInt(h, 16);
  }
  return ({ n: 10, t: 9, r: 13 } as Record<string, number>)[e] ?? e.charCodeAt(0);
}

function primary(c: C): Node {
  const ch = c.s[c.i];
  if (ch === '"') {
    c.i++;
    let s = '';
    while (c.s[c.i] !== '"') s += String.fromCharCode(char(c));
    c.i++;
    return { k: 'lit', s };
  }
  if (ch === '[') {
    c.i++;
    const set = new Set<number>();
    while (c.s[c.i] !== ']') {
      const a = char(c);
      if (c.s[c.i] === '-' && c.s[c.i + 1] !== ']') {
        c.i++;
        const b = char(c);
        for (let x = a; x <= b; x++) set.add(x);
      } else set.add(a);
    }
    c.i++;
    return { k: 'cls', set };
  }
  if (ch === '(') {
    c.i++;
    const inner = alt(c);
    ws(c);
    if (c.s[c.i] !== ')') throw new Error('unclosed group');
    c.i++;
    return inner;
  }
  const m = /^[A-Za-z0-9-]+/.exec(c.s.slice(c.i));
  if (!m) throw new Error(`unexpected ${ch} at ${c.i}: ${c.s.slice(c.i, c.i + 30)}`);
  c.i += m[0].length;
  return { k: 'ref', name: m[0] };
}

/** Random text from the grammar; `stop` is the chance of ending a repeat after its minimum. */
export function sampleGbnf(g: Grammar, rng: () => number, stop = 0.35): string {
  let out = '';
  const walk = (n: Node): void => {
    switch (n.k) {
      case 'lit':
        out += n.s;
        return;
      case 'cls': {
        const xs = [...n.set];
        out += String.fromCharCode(xs[Math.floor(rng() * xs.length)]!);
        return;
      }
      case 'ref':
        walk(g.get(n.name)!);
        return;
      case 'seq':
        n.items.forEach(walk);
        return;
      case 'alt':
        walk(n.items[Math.floor(rng() * n.items.length)]!);
        return;
      case 'rep': {
        let i = 0;
        for (; i < n.min; i++) walk(n.item);
        for (; i < n.max && rng() > stop; i++) walk(n.item);
      }
    }
  };
  walk(g.get('root')!);
  return out;
}

/** True when the whole text is in the grammar's language. */
export function matchesGbnf(g: Grammar, text: string): boolean {
  const memo = new Map<string, Set<number>>();
  // Every position where `n` can end when it starts at `pos`.
  const ends = (n: Node, pos: number): Set<number> => {
    switch (n.k) {
      case 'lit':
        return text.startsWith(n.s, pos) ? new Set([pos + n.s.length]) : new Set();
      case 'cls':
        return pos < text.length && n.set.has(text.charCodeAt(pos)) ? new Set([pos + 1]) : new Set();
      case 'ref': {
        const key = `${n.name}@${pos}`;
        let hit = memo.get(key);
        if (!hit) {
          memo.set(key, new Set());
          hit = ends(g.get(n.name)!, pos);
          memo.set(key, hit);
        }
        return hit;
      }
      case 'seq': {
        let cur = new Set([pos]);
        for (const item of n.items) {
          const next = new Set<number>();
          for (const p of cur) for (const e of ends(item, p)) next.add(e);
          cur = next;
          if (!cur.size) break;
        }
        return cur;
      }
      case 'alt': {
        const all = new Set<number>();
        for (const item of n.items) for (const e of ends(item, pos)) all.add(e);
        return all;
      }
      case 'rep': {
        const all = new Set<number>();
        let cur = new Set([pos]);
        if (n.min === 0) all.add(pos);
        for (let i = 1; i <= n.max && cur.size; i++) {
          const next = new Set<number>();
          for (const p of cur) for (const e of ends(n.item, p)) if (e !== p) next.add(e);
          cur = next;
          if (i >= n.min) cur.forEach((e) => all.add(e));
        }
        return all;
      }
    }
  };
  return ends(g.get('root')!, 0).has(text.length);
}
