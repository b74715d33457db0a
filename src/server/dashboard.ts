// GET /dashboard: one self-contained page (inline CSS and script, no external assets) that
// reads /v1/stats and draws a table and SVG charts per line version and station.

export function dashboardHtml(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jig — line dashboard</title>
<style nonce="${nonce}">
  :root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6470; --line: #d5dae0; --bg: #fff; --accent: #2f6fde; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa4b1; --line: #39414c; --bg: #14171b; } }
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: var(--fg); background: var(--bg); }
  header { padding: 16px 24px; border-bottom: 1px solid var(--line); display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  h1 { font-size: 18px; margin: 0 16px 0 0; }
  main { padding: 16px 24px; }
  label { color: var(--muted); }
  select, button { font: inherit; padding: 4px 8px; }
  table { border-collapse: collapse; width: 100%; margin: 12px 0 24px; font-variant-numeric: tabular-nums; }
  th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
  tr.all td { font-weight: 600; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr)); gap: 16px; }
  .wide { max-width: 100%; overflow-x: auto; }
  #empty { max-width: 70ch; }
  #empty h2 { font-size: 16px; margin: 8px 0; }
  code { font-size: 0.92em; }
  [hidden] { display: none !important; }
  @media (max-width: 600px) { header, main { padding: 12px; } }
  figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
  figcaption { font-weight: 600; margin-bottom: 4px; }
  svg { width: 100%; height: auto; display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; color: var(--muted); font-size: 12px; }
  .legend span::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 4px; background: var(--c); border-radius: 2px; }
  #status { color: var(--muted); }
</style>
</head>
<body>
<header>
  <h1>Jig line dashboard</h1>
  <label>Line <select id="line"><option value="">all lines</option></select></label>
  <label>Range <select id="range"><option value="6">6 hours</option><option value="24" selected>24 hours</option><option value="168">7 days</option><option value="720">30 days</option></select></label>
  <button id="refresh" type="button">Refresh</button>
  <span id="status" role="status"></span>
</header>
<main>
  <section id="empty" hidden>
    <h2>No events in this range yet</h2>
    <p>This page charts the events that pages send to this server's <code>POST /v1/events</code>. A page
    records each request through its line (stations tried, gate verdicts, what rendered, feedback) in the
    visitor's browser, and a shipper (<code>createShipper</code> from <code>jig/events</code>) sends them here
    in batches, at least once, when the page is idle or closing.</p>
    <p>With <code>npm start</code>, open the demo, ask for an appointment, then press Refresh: the demo ships
    its events after every request. Events from another origin arrive only if it is listed in
    <code>JIG_ALLOWED_ORIGINS</code> (or sends a site token); simulated visitors from the demo's panels stay in
    the browser and never reach this page.</p>
  </section>
  <div class="wide">
  <table id="totals" aria-label="Totals per line version and station">
    <thead><tr><th>line</th><th>version</th><th>station</th><th>requests</th><th>gate pass</th><th>repair</th><th>escalation</th><th>p50 ms</th><th>p95 ms</th><th>cost</th><th>positive</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <div class="charts" id="charts"></div>
</main>
<script nonce="${nonce}">
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0c8599', '#c2255c', '#5f3dc4'];
  const CHARTS = [
    ['requests', 'Requests per hour', (v) => String(Math.round(v))],
    ['passRate', 'Gate pass rate', pct], ['repairRate', 'Repair rate', pct], ['escalationRate', 'Escalation rate', pct],
    ['latencyP50', 'Latency p50 (ms)', (v) => String(Math.round(v))], ['latencyP95', 'Latency p95 (ms)', (v) => String(Math.round(v))],
    ['cost', 'Cost per hour', (v) => v.toFixed(4)], ['positiveRate', 'Positive feedback', pct],
  ];
  function pct(v) { return (v * 100).toFixed(1) + '%'; }
  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }
  // One colour per line version and station, the same in every chart.
  const colors = new Map();
  function colorOf(g) {
    const key = g.line + '\u0000' + g.lineVersion + '\u0000' + g.station;
    if (!colors.has(key)) colors.set(key, COLORS[colors.size % COLORS.length]);
    return colors.get(key);
  }
  // The stats come from whatever is stored: anything that is not a finite number shows as a dash.
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  const fmt = (v, f) => (finite(v) ? f(v) : '—');
  const text = (v) => (typeof v === 'string' && v ? v : '—');
  const list = (v) => (Array.isArray(v) ? v : []);

  function table(groups) {
    const body = $('totals').tBodies[0];
    body.replaceChildren();
    for (const g of groups) {
      const t = g.totals;
      const tr = el('tr', undefined, g.station === '*' ? { class: 'all' } : {});
      for (const cell of [text(g.line), text(g.lineVersion), g.station === '*' ? 'all stations' : text(g.station) + (list(g.models).length ? ' (' + list(g.models).join(', ') + ')' : ''), fmt(t.requests, String),
        fmt(t.passRate, pct), fmt(t.repairRate, pct), fmt(t.escalationRate, pct), fmt(t.latencyP50, Math.round), fmt(t.latencyP95, Math.round),
        fmt(t.cost, (v) => v.toFixed(4)), fmt(t.positiveRate, pct)]) tr.append(el('td', String(cell)));
      body.append(tr);
    }
    // An empty dashboard is a question: say how events get here, so the next step is clear.
    $('empty').hidden = groups.length > 0;
    $('totals').hidden = !groups.length;
    $('charts').hidden = !groups.length;
  }

  function chart(groups, key, title, format, since, until) {
    const W = 420, H = 180, L = 48, R = 8, T = 8, B = 22;
    const fig = el('figure'); fig.append(el('figcaption', title));
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title });
    const series = groups.map((g) => ({ g, color: colorOf(g), pts: list(g.series).filter((b) => finite(b[key]) && finite(Date.parse(b.start))).map((b) => [Date.parse(b.start), b[key]]) })).filter((x) => x.pts.length);
    let max = 0; for (const x of series) for (const p of x.pts) max = Math.max(max, p[1]);
    if (key.endsWith('Rate')) max = Math.max(max, 1); else if (max === 0) max = 1;
    const X = (t) => L + ((t - since) / Math.max(1, until - since)) * (W - L - R);
    const Y = (v) => H - B - (v / max) * (H - T - B);
    for (const f of [0, 0.5, 1]) {
      s.append(svg('line', { x1: L, x2: W - R, y1: Y(max * f), y2: Y(max * f), stroke: 'currentColor', 'stroke-opacity': 0.15 }));
      const label = svg('text', { x: L - 4, y: Y(max * f) + 4, 'text-anchor': 'end', 'font-size': 10, fill: 'currentColor' });
      label.textContent = format(max * f); s.append(label);
    }
    for (const [t, anchor] of [[since, 'start'], [until, 'end']]) {
      const label = svg('text', { x: X(t), y: H - 6, 'text-anchor': anchor, 'font-size': 10, fill: 'currentColor' });
      label.textContent = new Date(t).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }); s.append(label);
    }
    const legend = el('div', undefined, { class: 'legend' });
    for (const x of series) {
      const pts = x.pts.map((p) => X(p[0] + 1800000).toFixed(1) + ',' + Y(p[1]).toFixed(1)).join(' ');
      s.append(svg('polyline', { points: pts, fill: 'none', stroke: x.color, 'stroke-width': 2 }));
      for (const p of x.pts) s.append(svg('circle', { cx: X(p[0] + 1800000), cy: Y(p[1]), r: 2.5, fill: x.color }));
      const name = text(x.g.line) + ' v' + (x.g.lineVersion || '?') + ' · ' + (x.g.station === '*' ? 'all' : text(x.g.station));
      const item = el('span', name); item.style.setProperty('--c', x.color); legend.append(item);
    }
    if (!series.length) { const t = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 12 }); t.textContent = 'no data'; s.append(t); }
    fig.append(s, legend);
    return fig;
  }

  async function load() {
    const line = $('line').value;
    const since = Date.now() - Number($('range').value) * 3600000;
    const q = new URLSearchParams({ since: String(since) });
    if (line) q.set('line', line);
    $('status').textContent = 'Loading…';
    try {
      // With JIG_ADMIN_TOKEN set, open the page as /dashboard#token=<token>: a fragment never reaches logs.
      const token = new URLSearchParams(location.hash.slice(1)).get('token');
      const headers = { accept: 'application/json' };
      if (token) headers.authorization = 'Bearer ' + token;
      const res = await fetch('/v1/stats?' + q, { headers });
      const data = await res.json();
      if (res.status === 401) throw new Error('this server needs its admin token: open /dashboard#token=<JIG_ADMIN_TOKEN>');
      if (!res.ok) throw new Error(data.error ? data.error.message : res.statusText);
      const select = $('line');
      const groups = list(data.groups).filter((g) => g && typeof g === 'object' && g.totals && typeof g.totals === 'object');
      for (const id of list(data.lines).filter((l) => typeof l === 'string')) if (![...select.options].some((o) => o.value === id)) select.append(el('option', id || '(no line)', { value: id }));
      table(groups);
      const charts = $('charts'); charts.replaceChildren();
      const shown = groups.filter((g) => g.station !== '*' || groups.filter((h) => h.line === g.line && h.lineVersion === g.lineVersion).length > 1);
      for (const [key, title, format] of CHARTS) charts.append(chart(key === 'requests' ? groups.filter((g) => g.station === '*') : shown, key, title, format, Date.parse(data.since), Date.parse(data.until)));
      $('status').textContent = fmt(data.events, String) + ' events' + (data.truncated ? ' (truncated)' : '') + ' · updated ' + new Date().toLocaleTimeString();
    } catch (err) {
      $('status').textContent = 'Could not load stats: ' + err.message;
    }
  }
  $('refresh').addEventListener('click', load);
  $('line').addEventListener('change', load);
  $('range').addEventListener('change', load);
  load();
  setInterval(load, 60000);
})();
</script>
</body>
</html>`;
}
