// The site's choice in one chart: round 2 of the downshift replay (new-classes family) at each
// setting that was run — the acceptance floor, a vote — against tuning off, as acceptance (up) and
// premium share (right). Reads the result files eval/downshift.ts wrote; runs nothing.
//
//   node --import tsx eval/downshift-frontier.ts [label=eval/file.json …]
//
// Without arguments it reads the runs named below that exist. Writes eval/downshift-frontier.svg.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

interface Round {
  round: string;
  requests: number;
  acceptance: number;
  premiumShare: number;
  costPerAccepted: number | null;
}

const DEFAULT_RUNS: Array<[string, string]> = [
  ['60% floor (old default)', 'downshift-new-classes-scratch-40min-floor60.json'],
  ['95% floor, no requirements', 'downshift-new-classes-scratch-40min-run3.json'],
  ['95% floor, vote of 3', 'downshift-new-classes-vote3-v2reused.json'],
  ['99% floor, vote of 3', 'downshift-new-classes-floor99-vote3-v2reused.json'],
  ['requirements from rejections', 'downshift-new-classes-scratch-40min-no-distinctive.json'],
  ['+ distinctive parts (default)', 'downshift-new-classes-scratch-40min.json'],
  ['tuning off', 'downshift-new-classes-tuning-off.json'],
];

const given = process.argv.slice(2).map((a) => {
  const i = a.indexOf('=');
  if (i < 1) throw new Error(`expected label=file, received ${a}`);
  return [a.slice(0, i), a.slice(i + 1)] as [string, string];
});
const runs = (given.length ? given : DEFAULT_RUNS.map(([l, f]) => [l, `eval/${f}`] as [string, string]))
  .filter(([, f]) => existsSync(f))
  .map(([label, file]) => {
    const rounds = (JSON.parse(readFileSync(file, 'utf8')) as { rounds: Round[] }).rounds;
    if (!rounds[0] || !rounds[1]) throw new Error(`${file}: no round 2`);
    return { label, file, r1: rounds[0], r2: rounds[1] };
  });
if (!runs.length) throw new Error('no result files to draw');

const W = 640,
  H = 360,
  L = 60,
  R = 200,
  T = 40,
  B = 50;
const lo = Math.floor(Math.min(...runs.flatMap((r) => [r.r1.acceptance, r.r2.acceptance])) * 50) / 50;
const x = (share: number) => L + share * (W - L - R);
const y = (acc: number) => T + ((1 - acc) / (1 - lo)) * (H - T - B);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const grid: string[] = [];
for (let a = lo; a <= 1.0001; a += 0.02)
  grid.push(
    `<line x1="${L}" x2="${W - R}" y1="${y(a)}" y2="${y(a)}" stroke="#eee"/><text x="${L - 6}" y="${y(a) + 4}" text-anchor="end" font-size="10">${Math.round(a * 100)}%</text>`,
  );
for (let s = 0; s <= 1.0001; s += 0.2)
  grid.push(
    `<line x1="${x(s)}" x2="${x(s)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${x(s)}" y="${H - B + 14}" text-anchor="middle" font-size="10">${Math.round(s * 100)}%</text>`,
  );
const colors = ['#999', '#06c', '#a3c', '#333', '#0a6', '#084', '#08a'];
const points = runs.map((r, i) => {
  const c = r.label === 'tuning off' ? '#d62' : colors[i % colors.length]!;
  return (
    `<line x1="${x(r.r1.premiumShare)}" y1="${y(r.r1.acceptance)}" x2="${x(r.r2.premiumShare)}" y2="${y(r.r2.acceptance)}" stroke="${c}" stroke-dasharray="3 3"/>` +
    `<circle cx="${x(r.r1.premiumShare)}" cy="${y(r.r1.acceptance)}" r="3" fill="none" stroke="${c}"/>` +
    `<circle cx="${x(r.r2.premiumShare)}" cy="${y(r.r2.acceptance)}" r="5" fill="${c}"/>` +
    `<text x="${W - R + 12}" y="${T + 14 + i * 30}" font-size="11" fill="${c}">${esc(r.label)}</text>` +
    `<text x="${W - R + 12}" y="${T + 27 + i * 30}" font-size="10" fill="#555">${pct(r.r2.acceptance)} at ${pct(r.r2.premiumShare)} premium</text>`
  );
});
const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img" aria-label="Downshift replay round 2: acceptance against premium share at each tuner setting and with tuning off">` +
  `<rect width="100%" height="100%" fill="#fff"/>` +
  `<text x="${W / 2}" y="16" text-anchor="middle" font-size="12" font-weight="bold">Downshift replay: what each setting buys in round 2</text>` +
  `<text x="${W / 2}" y="31" text-anchor="middle" font-size="10">filled: round 2 (v2, or base12 with tuning off); hollow: round 1; up is more accepted, left is less premium</text>` +
  grid.join('') +
  `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle" font-size="11">premium share</text>` +
  `<text x="14" y="${(T + H - B) / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 14 ${(T + H - B) / 2})">accepted</text>` +
  points.join('') +
  '</svg>\n';
writeFileSync(new URL('downshift-frontier.svg', import.meta.url), svg);
for (const r of runs)
  console.log(
    `${r.label.padEnd(24)} round 1 ${pct(r.r1.acceptance)} at ${pct(r.r1.premiumShare)} premium → round 2 ${pct(r.r2.acceptance)} at ${pct(r.r2.premiumShare)} premium, $${(r.r2.costPerAccepted ?? 0).toFixed(5)} per accepted (${r.file})`,
  );
console.log('wrote eval/downshift-frontier.svg');
