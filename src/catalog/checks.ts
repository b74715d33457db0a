// Checks across the props of one component that a zod schema cannot express on its own:
// a range whose min is above its max, a date that is not on the calendar, two options alike.
import type { PropProblem } from './catalog.js';

/** True for a YYYY-MM-DD string naming a real day (no month 13, no 30 February, no day 0). */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || value[4] !== '-' || value[7] !== '-') return false;
  const y = digits(value, 0, 4),
    m = digits(value, 5, 7),
    d = digits(value, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

/** The number written by the digits from `from` to `to`, or -1 when any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** min ≤ max for number inputs (both optional). */
export function numberRange(props: { min?: number; max?: number }): PropProblem[] {
  const { min, max } = props;
  if (min === undefined || max === undefined || min <= max) return [];
  return [
    { code: 'bad_range', path: ['min'], message: `expected min at most max, received min ${min} and max ${max}` },
  ];
}

/** Real calendar dates in min and max, and min ≤ max (YYYY-MM-DD compares as text). */
export function dateRange(props: { min?: string; max?: string }): PropProblem[] {
  const out: PropProblem[] = [];
  for (const key of ['min', 'max'] as const) {
    const v = props[key];
    if (v !== undefined && !isCalendarDate(v))
      out.push({
        code: 'impossible_date',
        path: [key],
        message: `expected a real date as YYYY-MM-DD, received "${v}", which is not on the calendar`,
      });
  }
  const { min, max } = props;
  if (!out.length && min !== undefined && max !== undefined && min > max) {
    out.push({
      code: 'bad_range',
      path: ['min'],
      message: `expected min on or before max, received min ${min} and max ${max}`,
    });
  }
  return out;
}

/** Every option has its own value: two alike would store one choice for two labels. */
export function distinctOptions(props: { options: readonly { value: string }[] }): PropProblem[] {
  const out: PropProblem[] = [];
  const first = new Map<string, number>();
  props.options.forEach((o, i) => {
    const prior = first.get(o.value);
    if (prior === undefined) first.set(o.value, i);
    else
      out.push({
        code: 'duplicate_option',
        path: ['options', i, 'value'],
        message: `expected a value of its own, received "${o.value}", the value of option ${prior} too`,
      });
  });
  return out;
}
