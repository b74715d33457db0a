// The live dashboard's refine box with a premium upstream behind the Jig server (the stand-in): a request
// goes to the premium station as a patch request, the answer passes the gates and shows with its patch and
// its trace; a hostile answer is refused on the server and nothing changes on the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandIn, type StandIn } from '../node/server/stand-in.js';
import { startDemo, type Demo } from './harness.js';

let demo: Demo;
let up: StandIn;
before(async () => {
  up = await startStandIn('premium');
  demo = await startDemo({ env: { JIG_UPSTREAM_URL: up.url, JIG_UPSTREAM_BACKOFF_MS: '1' } });
});
after(async () => {
  await demo?.close();
  await up?.close();
});

const answer = (ops: unknown[]) => ({ kind: 'layout' as const, text: JSON.stringify({ ops }) });

test('with an upstream, the refine box asks the premium model for a patch and shows it beside the trace', async () => {
  const { context, page } = await demo.page();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${demo.url}#live`);
    await page.getByText(/Refiner: the premium model behind the Jig server/).waitFor();
    const surface = page.locator('jig-surface');
    await surface.locator('jig-chart').waitFor();
    const chartIndex = await surface.evaluate((s) =>
      (s as unknown as { layout: { nodes: { id: string }[] } }).layout.nodes.findIndex((n) => n.id === 'chart'),
    );
    up.script(
      answer([
        { op: 'replace', path: `/nodes/${chartIndex}/props/series`, value: { $data: '/weekly' } },
        { op: 'replace', path: `/nodes/${chartIndex}/props/title`, value: 'Revenue per week' },
      ]),
    );
    up.calls.length = 0;
    const refine = page.getByRole('textbox', { name: 'Refine' });
    await refine.fill('make the chart weekly');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/Passed all seven gates: 2 op\(s\) from the premium model/).waitFor();
    assert.equal(up.calls.length, 1);
    assert.match(
      (up.calls[0]!.body.response_format as { json_schema: { name: string } }).json_schema.name,
      /jig_layout_patch/,
    );
    assert.match((await page.locator('pre[aria-label="The patch"]').textContent()) ?? '', /"\/weekly"/);
    assert.equal(
      await surface.locator('jig-chart').evaluate((e) => (e as unknown as { props: { title: string } }).props.title),
      'Revenue per week',
    );
    const trace = page.locator('jig-trace');
    await trace.getByText(/patch · premium: 2 ops, passed every gate/).waitFor();

    // A hostile answer, twice (the server's repair round too): refused there, nothing changes here.
    up.script(
      answer([
        {
          op: 'add',
          path: '/nodes/-',
          value: { id: 'x', type: 'link', props: { text: 'x', href: 'javascript:alert(1)' } },
        },
        { op: 'add', path: '/nodes/0/children/-', value: 'x' },
      ]),
    );
    await refine.fill('add a script link');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/Refused: policy · unsafe_url at \/ops\/0\/value\/props\/href/).waitFor();
    assert.equal(await surface.locator('jig-link').count(), 0, 'nothing of the refused patch is on the page');
    await trace.getByText(/nothing changed/).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
