// Decides whether a peer's validation pattern is safe to carry: only patterns that cannot
// backtrack catastrophically pass. Conservative by design; the pattern itself is never run here.

export const MAX_PATTERN_LENGTH = 200;

/**
 * Why a regular expression could backtrack catastrophically (or cannot be read), or undefined
 * when it is safe. Refused: over 200 characters, backreferences, lookaround, a quantifier on a
 * group that holds a quantifier or an alternation (`(a+)+`, `(a|ab)*`), a quantifier on a
 * quantifier, two repeated atoms side by side (`\d*\d*`), more than three unbounded repeats.
 * One linear pass over the pattern.
 */
export function patternProblem(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'a pattern is a string';
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `the pattern is ${pattern.length} characters; at most ${MAX_PATTERN_LENGTH} are accepted`;
  // Each open group: whether something inside it repeats or alternates.
  const groups: { risky: boolean; start: number }[] = [];
  let unbounded = 0;
  // What the previous atom was: a repeated atom, or a group/char/class that a quantifier may follow.
  let last: 'none' | 'atom' | 'group' | 'quantified' = 'none';
  let lastGroupRisky = false;
  // Where the current atom starts, and where the last unbounded repeat ended: equal means adjacent.
  let atomStart = -1;
  let unboundedEnd = -2;
  let i = 0;
  const markRisky = () => {
    for (const g of groups) g.risky = true;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return 'the pattern ends with a lone "\\"';
      atomStart = i;
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences (\\1, \\k<name>) can backtrack exponentially';
      i += 2;
      // \p{…}, \u{…}, \x.., \c. are one atom
      if ((n === 'p' || n === 'P' || n === 'u') && pattern[i] === '{') {
        const end = pattern.indexOf('}', i);
        if (end < 0) return 'an unclosed "{" after \\' + n;
        i = end + 1;
      }
      last = 'atom';
      continue;
    }
    if (c === '[') {
      atomStart = i;
      // A character class is one atom; find its end, honouring escapes.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return 'an unclosed character class "["';
      i = j + 1;
      last = 'atom';
      continue;
    }
    if (c === '(') {
      const i0 = i;
      if (pattern[i + 1] === '?') {
        const kind = pattern[i + 2];
        if (kind === '=' || kind === '!' || (kind === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')))
          return 'lookaround ((?=, (?!, (?<=, (?<!) is not accepted';
        if (kind === ':') i += 3;
        else if (kind === '<') {
          const end = pattern.indexOf('>', i);
          if (end < 0) return 'an unclosed group name';
          i = end + 1;
        } else return `an unknown group kind "(?${kind ?? ''}"`;
      } else i += 1;
      groups.push({ risky: false, start: i0 });
      last = 'none';
      continue;
    }
    if (c === ')') {
      const g = groups.pop();
      if (!g) return 'an unmatched ")"';
      lastGroupRisky = g.risky;
      atomStart = g.start;
      last = 'group';
      i += 1;
      continue;
    }
    if (c === '|') {
      markRisky();
      last = 'none';
      i += 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let isUnbounded = c === '*' || c === '+';
      let len = 1;
      if (c === '{') {
        const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(pattern.slice(i, i + 12));
        if (!m) {
          atomStart = i;
          last = 'atom';
          i += 1;
          continue;
        } // a literal "{"
        if (m[2] !== undefined && m[3] === '') isUnbounded = true;
        else if (Number(m[3] ?? m[1]) > 1000) return 'a repeat count over 1000';
        len = m[0].length;
      }
      if (last === 'none') return `a quantifier "${c}" with nothing to repeat`;
      if (last === 'quantified') return 'a quantifier on a quantifier';
      if (last === 'group' && lastGroupRisky)
        return 'a repeated group that itself repeats or alternates, such as (a+)+ or (a|ab)*, can backtrack exponentially';
      if (isUnbounded) {
        if (unboundedEnd === atomStart)
          return 'two repeated atoms side by side, such as \\d*\\d*, can backtrack polynomially';
        if (++unbounded > 3) return 'more than three unbounded repeats (*, +, {n,})';
      }
      markRisky();
      i += len;
      if (pattern[i] === '?') i += 1; // lazy
      last = 'quantified';
      if (isUnbounded) unboundedEnd = i;
      continue;
    }
    atomStart = i;
    last = c === '^' || c === '$' ? 'none' : 'atom';
    i += 1;
  }
  if (groups.length) return 'an unclosed "("';
  return undefined;
}
