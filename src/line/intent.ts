// The intent class a request is routed, cached and tuned by: a cheap, deterministic
// normalisation of the intent's words (or the site's own classifier, when it answers).

const STOP = new Set(
  (
    'a an the and or but of for to in on at by with from into onto over under about as is are be been being was were ' +
    'it its this that these those i me my we our you your he she they them their his her please can could would should will shall ' +
    'do does did done make made show give want need let lets get some any all each every new page screen view ui layout one two three ' +
    'create build add display render just also so very up out there here then than where when what which who how'
  ).split(' '),
);

/** A light stemmer: enough that "bookings", "booking" and "book" meet. Plural first, then -ing/-ed/-ly. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed', 'ly']) {
    if (w.length >= suffix.length + 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      // "shipping" → "ship", "setting" → "set" (but "billing" → "bill").
      if (suffix !== 'ly' && /([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  return w;
}

/** Keywords of an intent: lower case, no punctuation, numbers or stop words, stemmed, unique, sorted, at most `cap`. */
export function intentKeywords(intent: string, cap = 6): string[] {
  const words = intent
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
  const stems = [...new Set(words.map(stem).filter((w) => w.length > 1 && !STOP.has(w)))].sort();
  return stems.slice(0, cap);
}

export type IntentClassifier = (intent: string, context: unknown) => string | undefined | null;

/** The class: the site classifier's answer when it gives one, else the keywords joined by "-". */
export function intentClass(intent: string, context?: unknown, classifier?: IntentClassifier): string {
  const site = classifier?.(intent, context);
  if (typeof site === 'string' && site.trim() !== '') return site.trim().slice(0, 128);
  const keys = intentKeywords(intent);
  return keys.length ? keys.join('-') : 'empty';
}
