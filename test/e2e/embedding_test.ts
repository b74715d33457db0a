// docs/embedding.md's copy-paste page, exactly as written, in a page served by the demo's vite
// next to the real jig serve: the recipe renders, its action reaches the page, and an intent
// with no recipe goes to the premium station (no upstream here) and ends at the fallback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { SCREENSHOTS, startDemo, type Demo } from './harness.js';

let demo: Demo;
// Another origin, for the guide's "From another origin": a plain static server on localhost.
let other: Server;
let otherOrigin = '';
let otherPage = '';
// A third origin the server does not list, for the guide's promise that a refusal shows as such.
let refused: Server;
let refusedOrigin = '';
before(async () => {
  other = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(otherPage);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://localhost:${(other.address() as { port: number }).port}`;
  refused = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(otherPage);
  });
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  refusedOrigin = `http://localhost:${(refused.address() as { port: number }).port}`;
  demo = await startDemo({ env: { JIG_ALLOWED_ORIGINS: otherOrigin } });
});
after(async () => {
  await demo?.close();
  await new Promise((resolve) => other?.close(resolve));
  await new Promise((resolve) => refused?.close(resolve));
});

async function guidePage(): Promise<string> {
  const doc = await readFile('docs/embedding.md', 'utf8');
  const snippet = /```html\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(snippet?.includes('<jig-surface'), 'docs/embedding.md has an html block with a surface');
  return snippet!;
}

test('the five-minute embed page from docs/embedding.md works against the demo server as pasted', async () => {
  const snippet = await guidePage();
  const { context, page } = await demo.page();
  try {
    // Served from the demo's origin, as the guide says (embed.html at the repository root).
    await page.route('**/embed.html', (route) => route.fulfill({ contentType: 'text/html', body: snippet }));
    await page.goto(new URL('/embed.html', demo.url).href);
    await page.getByRole('heading', { name: 'Book a table', level: 2 }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Grace');
    const alerted = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await page.getByRole('button', { name: 'Reserve' }).click();
    assert.equal(await alerted, 'reserve: Grace, 2 guests');
    await page.screenshot({ path: `${SCREENSHOTS}/embed.png` });

    await page.evaluate(`document.querySelector('#booking').intent = 'Show our wine list'`);
    await page.getByText('Booking is busy').waitFor();
    const steps = (await page.evaluate(
      `document.querySelector('#booking').trace.steps.map((s) => s.kind + ':' + (s.station ?? '') + ':' + (s.error?.code ?? ''))`,
    )) as string[];
    assert.ok(steps.includes('attempt:premium:no_upstream'), steps.join(', '));
    assert.ok(steps.includes('rendered:fallback:'), steps.join(', '));
    // The site's fallback shows as the site wrote it: the reason is for the trace, not the visitor.
    assert.equal(await page.getByText(/no_upstream|default layout/).count(), 0);
  } finally {
    await context.close();
  }
});

test('from another origin, with the changes the guide lists, the page loads Jig from vite and reaches jig serve through JIG_ALLOWED_ORIGINS', async () => {
  const vite = new URL(demo.url).origin;
  otherPage = (await guidePage())
    .replaceAll("'/src/", `'${vite}/src/`)
    .replaceAll('"/src/', `"${vite}/src/`)
    .replace("endpoint: '/v1/assemble'", `endpoint: '${demo.serverUrl}/v1/assemble'`);
  assert.ok(otherPage.includes(`${demo.serverUrl}/v1/assemble`));
  const { context, page } = await demo.page();
  try {
    await page.goto(`${otherOrigin}/embed.html`);
    await page.getByRole('heading', { name: 'Book a table', level: 2 }).waitFor();
    await page.evaluate(`document.querySelector('#booking').intent = 'Show our wine list'`);
    await page.getByText('Booking is busy').waitFor();
    const steps = (await page.evaluate(
      `document.querySelector('#booking').trace.steps.map((s) => s.kind + ':' + (s.station ?? '') + ':' + (s.error?.code ?? ''))`,
    )) as string[];
    // The server took the cross-origin call (it answered no_upstream, not origin_not_allowed).
    assert.ok(steps.includes('attempt:premium:no_upstream'), steps.join(', '));
  } finally {
    await context.close();
  }
});

test('from an origin the server does not list, the trace says the origin was refused (not a bare "Failed to fetch") and the fallback shows', async () => {
  const vite = new URL(demo.url).origin;
  otherPage = (await guidePage())
    .replaceAll("'/src/", `'${vite}/src/`)
    .replaceAll('"/src/', `"${vite}/src/`)
    .replace("endpoint: '/v1/assemble'", `endpoint: '${demo.serverUrl}/v1/assemble'`);
  const { context, page } = await demo.page();
  try {
    await page.goto(`${refusedOrigin}/embed.html`);
    await page.getByRole('heading', { name: 'Book a table', level: 2 }).waitFor();
    await page.evaluate(`document.querySelector('#booking').intent = 'Show our wine list'`);
    await page.getByText('Booking is busy').waitFor();
    const premium = (await page.evaluate(
      `document.querySelector('#booking').trace.steps.find((s) => s.kind === 'attempt' && s.station === 'premium').error`,
    )) as { code: string; message: string };
    assert.equal(premium.code, 'origin_not_allowed', JSON.stringify(premium));
    assert.ok(
      premium.message.includes(refusedOrigin) && premium.message.includes('JIG_ALLOWED_ORIGINS'),
      premium.message,
    );
  } finally {
    await context.close();
  }
});

test("the README's five-minute embed snippet works against the demo server as pasted", async () => {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Five-minute embed'));
  const snippet = /```html\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(snippet?.includes('<jig-surface'), 'the README section has an html block with a surface');
  const { context, page } = await demo.page();
  try {
    await page.route('**/readme-embed.html', (route) => route.fulfill({ contentType: 'text/html', body: snippet }));
    await page.goto(new URL('/readme-embed.html', demo.url).href);
    await page.getByRole('textbox', { name: 'Name' }).fill('Grace');
    const alerted = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await page.getByRole('button', { name: 'Reserve' }).click();
    assert.equal(await alerted, 'reserve: Grace');
  } finally {
    await context.close();
  }
});
