// Turns a stored events row back into an event that every reader can trust, whatever the row
// holds: its indexed columns (id, time, type, line) win, since paging and filters use them.
import { MAX_EVENT_TIME_MS, validateEvent, type JigEvent } from '../../events/event.js';

export interface EventRow {
  id: unknown;
  time_ms: unknown;
  type: unknown;
  line: unknown;
  body: unknown;
}

/** The time range a query may reach: rows outside it cannot have come through ingest. */
export function timeRange(since: number | undefined, until: number | undefined): [number, number] {
  return [Math.max(0, since ?? 0), Math.min(MAX_EVENT_TIME_MS + 1, until ?? MAX_EVENT_TIME_MS + 1)];
}

/**
 * The event a row stands for. A body that does not parse or validate (a row written by hand, an
 * older version, a damaged file) keeps its columns and loses the rest, rather than failing a
 * stats call or an export page, or sending the cursor back to a row already read.
 */
export function eventFromRow(row: EventRow): JigEvent {
  const columns = {
    id: String(row.id),
    type: String(row.type),
    time: new Date(Number(row.time_ms)).toISOString(),
    line: String(row.line),
  };
  let body: unknown;
  try {
    body = JSON.parse(String(row.body));
  } catch {
    body = undefined;
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const v = validateEvent({ ...body, ...columns });
    if (v.ok) return { ...v.event, id: columns.id, time: columns.time };
  }
  return { ...columns, session: '', trace: '', span: '', lineVersion: '', attrs: {} };
}
