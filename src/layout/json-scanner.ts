// An incremental JSON scanner: finds the layout document in model text by one rule, checks its
// syntax, depth and duplicate keys as text arrives, and reports where shallow values begin and end.

export type PathSegment = string | number;

export interface ScanIssue {
  code: 'invalid_json' | 'duplicate_key' | 'too_deep' | 'no_json_object' | 'not_json';
  /** Offset in the scanned text. */
  offset: number;
  path: PathSegment[];
  message: string;
}

export interface JsonScannerOptions {
  /** Containers nested deeper than this stop the scan with `too_deep`. */
  maxDepth?: number;
  /**
   * Text before the document is skipped (a model's chatter, a code fence): the document starts at
   * the first `{` followed, after any whitespace, by `"` or `}`. Default true. See `scanDocument`.
   */
  skipPrefix?: boolean;
  /** Called when a value at a depth up to `notifyDepth` ends (1 = a member of the top object). */
  onValue?: (path: readonly PathSegment[], start: number, end: number) => void;
  notifyDepth?: number;
  /** Duplicate keys reported before the scanner stops listing them. */
  maxDuplicates?: number;
}

interface Frame {
  kind: 'object' | 'array';
  keys: Set<string> | null;
  /** The member key being read; null before the first key and after each comma. */
  key: string | null;
  index: number;
  start: number;
}

enum S {
  Seek,
  Open,
  Chatter,
  Value,
  ValueOrClose,
  KeyOrClose,
  Key,
  Colon,
  CommaOrClose,
  Done,
  Failed,
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class JsonScanner {
  text = '';
  /** Offset of the top-level `{`, or -1 before it is seen. */
  start = -1;
  /** Offset just past the top-level `}`, or -1 until it is seen. */
  end = -1;
  readonly duplicates: ScanIssue[] = [];
  error: ScanIssue | null = null;
  /** While seeking: the "{" that may open the document, once its next non-space character decides. */
  private candidate = -1;
  /** The first "{" passed over as chatter, kept to explain a text that holds no document. */
  private passed: { offset: number; found: string } | null = null;
  /** Skipping a "{" of chatter up to its matching "}": depth, and whether inside a quoted string. */
  private chatter = { depth: 0, quoted: false, escaped: false };

  private pos = 0;
  private state: S;
  private frames: Frame[] = [];
  private tokenStart = -1; // start of a scalar token being read (may span chunks)
  private stringScan = -1; // where to resume scanning inside an unfinished string
  // The scan reads `buf`, the text from offset `base` on: what is left of the last chunk and the
  // new one. Appending to one growing string and reading it would make V8 flatten everything
  // received so far on every chunk; a stream of small chunks would cost the square of its length.
  private buf = '';
  private base = 0;
  /** Raw text of an unfinished key or scalar that was dropped from `buf` with earlier chunks. */
  private carry = '';
  private readonly opts: Required<Omit<JsonScannerOptions, 'onValue'>> & Pick<JsonScannerOptions, 'onValue'>;

  constructor(options: JsonScannerOptions = {}) {
    this.opts = { maxDepth: 64, skipPrefix: true, notifyDepth: 2, maxDuplicates: 50, ...options };
    this.state = this.opts.skipPrefix ? S.Seek : S.Value;
  }

  get done(): boolean {
    return this.state === S.Done;
  }
  /** The document's text, once it is complete. */
  get document(): string | undefined {
    return this.state === S.Done ? this.text.slice(this.start, this.end) : undefined;
  }
  get failed(): boolean {
    return this.state === S.Failed;
  }
  /** The path of the value being read now (for progress reporting). */
  get depth(): number {
    return this.frames.length;
  }

  feed(chunk: string): void {
    this.text += chunk;
    const keep = this.stringScan >= 0 ? this.stringScan : this.pos;
    const pending =
      this.tokenStart >= 0
        ? this.tokenStart
        : this.stringScan >= 0 && this.tokenKind === 'key'
          ? this.stringStart + 1
          : -1;
    if (pending >= 0) this.carry += this.buf.slice(Math.max(pending, this.base) - this.base, keep - this.base);
    this.buf = this.buf.slice(keep - this.base) + chunk;
    this.base = keep;
    this.run(false);
  }

  /** The raw text from `from` (inside an unfinished key or scalar) to `to`, across chunks. */
  private pendingText(from: number, to: number): string {
    const text = this.carry + this.buf.slice(Math.max(from, this.base) - this.base, to - this.base);
    this.carry = '';
    return text;
  }

  /** The input has ended: finish a trailing number, or fail if the document is incomplete. */
  finish(): void {
    this.run(true);
    if (this.state === S.Done || this.state === S.Failed) return;
    // No document: the first "{" passed over explains it best (single quotes, a comment).
    if ((this.state === S.Seek || this.state === S.Chatter) && this.passed)
      this.fail(
        'invalid_json',
        this.passed.offset,
        `expected a key in double quotes after "{", found ${show(this.passed.found)}`,
      );
    else if (this.state === S.Seek)
      this.fail('no_json_object', this.text.length, 'expected a JSON object ("{…}"), found none');
    else if (this.state === S.Open)
      this.fail('invalid_json', this.text.length, 'the document ends early, inside an unclosed object');
    else
      this.fail(
        'invalid_json',
        this.text.length,
        `the document ends early, inside ${this.frames.length ? 'an unclosed ' + this.frames[this.frames.length - 1]!.kind : 'a value'}`,
      );
  }

  private path(): PathSegment[] {
    const out: PathSegment[] = [];
    for (const f of this.frames) {
      if (f.kind === 'array') out.push(f.index);
      else if (f.key === null)
        break; // between members: the object itself
      else out.push(f.key);
    }
    return out;
  }

  private fail(code: ScanIssue['code'], offset: number, message: string): void {
    if (this.state === S.Failed) return;
    const { line, column } = lineColumn(this.text, offset);
    this.error = {
      code,
      offset,
      path: this.path(),
      message: code === 'invalid_json' ? `${message} (line ${line}, column ${column})` : message,
    };
    this.state = S.Failed;
  }

  private valueEnded(start: number, end: number): void {
    const depth = this.frames.length;
    if (this.opts.onValue && depth <= this.opts.notifyDepth && depth > 0) this.opts.onValue(this.path(), start, end);
    if (depth === 0) {
      this.end = end;
      this.state = S.Done;
      return;
    }
    this.state = S.CommaOrClose;
  }

  private run(final: boolean): void {
    const t = this.buf;
    const off = this.base;
    const n = off + t.length;
    while (this.pos < n || (final && this.tokenStart >= 0)) {
      if (this.state === S.Done || this.state === S.Failed) return;
      // A scalar that began earlier (number or literal) and may continue into this chunk.
      if (this.tokenStart >= 0) {
        let p = this.pos;
        while (p < n && !isDelimiter(t.charCodeAt(p - off))) p++;
        if (p === n && !final) {
          this.pos = p;
          return;
        }
        const token = this.pendingText(this.tokenStart, p);
        const literal = token === 'true' || token === 'false' || token === 'null';
        const ok = literal || NUMBER.test(token);
        const s = this.tokenStart;
        this.tokenStart = -1;
        this.pos = p;
        if (!ok) {
          this.fail('invalid_json', s, `unexpected ${JSON.stringify(token.slice(0, 20))}`);
          return;
        }
        // JSON numbers have no size limit but a double does: 1e999 would be read as Infinity.
        if (!literal && !Number.isFinite(Number(token))) {
          this.fail('not_json', s, `the number ${token.slice(0, 20)} is too large to hold; use a finite number`);
          return;
        }
        this.valueEnded(s, p);
        continue;
      }
      if (this.stringScan >= 0) {
        if (!this.readString()) return;
        continue;
      }
      const c = t.charCodeAt(this.pos - off);
      if (this.state === S.Seek) {
        const i = t.indexOf('{', this.pos - off);
        if (i < 0) {
          this.pos = n;
          return;
        }
        this.candidate = off + i;
        this.pos = off + i + 1;
        this.state = S.Open;
        continue;
      }
      if (this.state === S.Chatter) {
        this.skipChatter();
        continue;
      }
      if (WS(c)) {
        this.pos++;
        continue;
      }
      switch (this.state) {
        case S.Open:
          // A JSON object's "{" is followed by a key or its "}": "the {name} field" is chatter.
          // The choice is made here, once, so whole texts and streams pick the same "{".
          if (c === 34 || c === 125) {
            this.open(this.candidate);
            continue;
          }
          // A "{" that opens no object is chatter up to its matching "}" ("{name}"), and so is a
          // broken object ("{ // note …}"): an object inside it is never taken for the document.
          this.passed ??= { offset: this.pos, found: t[this.pos - off]! };
          this.chatter = { depth: 1, quoted: false, escaped: false };
          this.state = S.Chatter; // the character read may itself be a "{" or "}"
          continue;
        case S.Value:
        case S.ValueOrClose:
          if (c === 93 /* ] */ && this.state === S.ValueOrClose) {
            this.close('array');
            continue;
          }
          this.beginValue(c);
          continue;
        case S.KeyOrClose:
        case S.Key:
          if (c === 125 /* } */ && this.state === S.KeyOrClose) {
            this.close('object');
            continue;
          }
          if (c !== 34) {
            this.fail('invalid_json', this.pos, `expected a key in double quotes, found ${show(t[this.pos - off]!)}`);
            return;
          }
          this.tokenKind = 'key';
          this.stringStart = this.pos;
          this.stringScan = this.pos + 1;
          continue;
        case S.Colon:
          if (c !== 58) {
            this.fail('invalid_json', this.pos, `expected ":" after a key, found ${show(t[this.pos - off]!)}`);
            return;
          }
          this.pos++;
          this.state = S.Value;
          continue;
        case S.CommaOrClose: {
          const f = this.frames[this.frames.length - 1]!;
          if (c === 44) {
            this.pos++;
            if (f.kind === 'array') {
              f.index++;
              this.state = S.Value;
            } else {
              f.key = null;
              this.state = S.Key;
            }
            continue;
          }
          if (c === 125 && f.kind === 'object') {
            this.close('object');
            continue;
          }
          if (c === 93 && f.kind === 'array') {
            this.close('array');
            continue;
          }
          this.fail(
            'invalid_json',
            this.pos,
            `expected "," or "${f.kind === 'object' ? '}' : ']'}", found ${show(t[this.pos - off]!)}`,
          );
          return;
        }
      }
    }
  }

  private tokenKind: 'key' | 'value' = 'value';
  private stringStart = -1;

  private beginValue(c: number): void {
    if (c === 123 || c === 91) {
      if (this.frames.length >= this.opts.maxDepth) {
        this.fail('too_deep', this.pos, `values are nested more than ${this.opts.maxDepth} levels deep`);
        return;
      }
      if (this.frames.length === 0) this.start = this.pos;
      this.frames.push({
        kind: c === 123 ? 'object' : 'array',
        keys: c === 123 ? new Set() : null,
        key: null,
        index: 0,
        start: this.pos,
      });
      this.state = c === 123 ? S.KeyOrClose : S.ValueOrClose;
      this.pos++;
      return;
    }
    if (c === 34) {
      this.tokenKind = 'value';
      this.stringStart = this.pos;
      this.stringScan = this.pos + 1;
      return;
    }
    if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) {
      this.tokenStart = this.pos;
      this.pos++;
      return;
    }
    this.fail('invalid_json', this.pos, `unexpected ${show(String.fromCharCode(c))}`);
  }

  /** Reads chatter up to the "}" that closes the passed "{" (skipping quoted strings), or to the buffer's end. */
  private skipChatter(): void {
    const t = this.buf;
    const off = this.base;
    const n = off + t.length;
    const k = this.chatter;
    for (let p = this.pos; p < n; p++) {
      const c = t.charCodeAt(p - off);
      if (k.quoted) {
        if (k.escaped) k.escaped = false;
        else if (c === 92) k.escaped = true;
        else if (c === 34) k.quoted = false;
      } else if (c === 34) k.quoted = true;
      else if (c === 123) k.depth++;
      else if (c === 125 && --k.depth === 0) {
        this.pos = p + 1;
        this.state = S.Seek;
        return;
      }
    }
    this.pos = n;
  }

  /** Opens the top-level object at `at`; the scan goes on from the key (or "}") after it. */
  private open(at: number): void {
    if (this.opts.maxDepth < 1) {
      this.fail('too_deep', at, `values are nested more than ${this.opts.maxDepth} levels deep`);
      return;
    }
    this.start = at;
    this.frames.push({ kind: 'object', keys: new Set(), key: null, index: 0, start: at });
    this.state = S.KeyOrClose;
  }

  private close(kind: 'object' | 'array'): void {
    const f = this.frames.pop()!;
    this.pos++;
    if (f.kind !== kind) {
      this.fail('invalid_json', this.pos - 1, 'mismatched brackets');
      return;
    }
    this.valueEnded(f.start, this.pos);
  }

  /** Reads on inside a string; false when the buffer ends first (or on an error). */
  private readString(): boolean {
    const t = this.buf;
    const off = this.base;
    const n = off + t.length;
    let p = this.stringScan;
    let escaped = false;
    while (p < n) {
      const c = t.charCodeAt(p - off);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        if (p + 1 >= n) {
          this.stringScan = p;
          return false;
        }
        const e = t.charCodeAt(p + 1 - off);
        if (e === 117) {
          if (p + 5 >= n) {
            this.stringScan = p;
            return false;
          }
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(p + 2 - off, p + 6 - off))) {
            this.stringScan = -1;
            this.fail('invalid_json', p, 'bad \\u escape in a string');
            return false;
          }
          p += 6;
          continue;
        }
        if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) {
          this.stringScan = -1;
          this.fail('invalid_json', p, `bad escape "\\${t[p + 1 - off]}" in a string`);
          return false;
        }
        p += 2;
        continue;
      }
      if (c < 32) {
        this.stringScan = -1;
        this.fail('invalid_json', p, 'a raw control character in a string (use an escape such as \\n)');
        return false;
      }
      p++;
    }
    if (p >= n) {
      this.stringScan = p;
      return false;
    }
    // Escapes seen before a chunk boundary are re-detected from the slice below.
    const start = this.stringStart;
    const end = p + 1;
    this.stringScan = -1;
    this.pos = end;
    if (this.tokenKind === 'key') {
      const raw = this.pendingText(start + 1, p);
      const key = escaped || raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      const f = this.frames[this.frames.length - 1]!;
      f.key = key;
      if (f.keys!.has(key)) {
        if (this.duplicates.length < this.opts.maxDuplicates) {
          this.duplicates.push({
            code: 'duplicate_key',
            offset: start,
            path: this.path(),
            message: `the key ${JSON.stringify(key)} appears twice in one object; JSON readers disagree on which wins`,
          });
        }
      } else f.keys!.add(key);
      this.state = S.Colon;
      return true;
    }
    this.valueEnded(start, end);
    return true;
  }
}

/**
 * Takes the layout document from model text — the one rule the parse gate and every stream
 * reader (a `JsonScanner` fed chunk by chunk) share:
 * - the document starts at the first "{" that opens a JSON object: followed, after any
 *   whitespace, by `"` or `}`;
 * - the text before it is chatter, code fences included; a "{" that opens no object ("the
 *   {name} field", "{ // a comment") is chatter up to its matching "}", and nothing inside it
 *   can be the document;
 * - the document is exactly the balanced object starting there; whatever follows it (another
 *   object, a fenced block) is ignored.
 * It is decided as the text arrives and reads each character once: linear in the text.
 */
export function scanDocument(
  text: string,
  options: Pick<JsonScannerOptions, 'maxDepth' | 'maxDuplicates'> = {},
): JsonScanner {
  const scanner = new JsonScanner(options);
  scanner.feed(text);
  scanner.finish();
  return scanner;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 93 || c === 125 || WS(c) || c === 58 || c === 34 || c === 123 || c === 91;
}

function show(ch: string): string {
  return ch === undefined ? 'the end' : JSON.stringify(ch);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
