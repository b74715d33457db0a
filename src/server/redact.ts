// Keeps the operator's upstream key inside the server: every answer, SSE event and log line
// built from upstream data passes through a redactor before it leaves.

/** Shorter "keys" are not secrets anyone could use, and redacting them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 8;
export const REDACTED = '[redacted]';

/** Takes JSON text (or any text) and returns it with each secret replaced, as raw text or as JSON escapes it. */
export type Redact = (text: string) => string;

export function redactor(secrets: readonly string[]): Redact {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a form that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of ordered) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}
