// Policy gate: which URL spellings may render, and which actions a layout may name — any
// well-formed name without a host list; only the host's list plus next-step/prev-step with one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runGates, urlProblem, type LayoutDocument } from '../../../src/gates/index.js';
import { validFiles } from './corpus.js';

const file = (name: string) => JSON.parse(validFiles.find((f) => f.name === name)!.text) as LayoutDocument;
const codesAt = (r: ReturnType<typeof runGates>) => (r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`));

describe('URL policy', () => {
  const safeForLinks = [
    'https://example.com',
    'HTTPS://EXAMPLE.COM/A',
    'http://example.com:8080/x?y#z',
    '/help',
    'help/faq',
    './a:b',
    '../x',
    '?q=a:b',
    '#s:1',
    '//cdn.example.com/a',
    'mailto:someone@example.com',
    'MailTo:x@example.com',
    'tel:+33123456789',
    '  https://example.com  ',
    'a?b:c',
  ];
  const unsafeForLinks = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'jAvAsCrIpT:alert(1)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    '\u001f\u0020javascript:x',
    'java\tscript:x',
    'java\nscript:x',
    'java\r\nscript:x',
    'j\ta\nv\ra\tscript:x',
    'java\u0000script:x',
    'javascript\u200b:x',
    '\ufeffjavascript:x',
    'vbscript:msgbox(1)',
    'VBSCRIPT:x',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/png;base64,AAAA',
    'file:///etc/passwd',
    'blob:https://example.com/x',
    'ftp://example.com',
    'about:blank',
    'chrome://settings',
    'x:y',
    'javascript :x',
  ];
  const safeForImages = [
    'https://img.example/a.png',
    '/img/a.webp',
    'data:image/png;base64,iVBORw0KGgo=',
    'DATA:IMAGE/JPEG;BASE64,/9j/',
    'data:image/gif,GIF89a',
    'data:image/webp;base64,UklGR',
    'data:image/avif;base64,AAAA',
  ];
  const unsafeForImages = [
    'data:image/svg+xml,<svg onload=alert(1)>',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'data:text/html,<b>',
    'mailto:x@example.com',
    'tel:123',
    'javascript:alert(1)',
    'data:image/png;charset=utf-8,x',
    'data:,hello',
  ];

  test('links: https, http, mailto, tel and relative pass', () => {
    for (const u of safeForLinks) assert.equal(urlProblem(u, 'link'), undefined, JSON.stringify(u));
  });
  test('links: script, data and other schemes are refused in every spelling, with a reason', () => {
    for (const u of unsafeForLinks) {
      const why = urlProblem(u, 'link');
      assert.ok(why && why.length > 10, JSON.stringify(u));
    }
  });
  test('images: https, http, relative and raster data: URLs pass; SVG, HTML, mailto and tel do not', () => {
    for (const u of safeForImages) assert.equal(urlProblem(u, 'image'), undefined, JSON.stringify(u));
    for (const u of unsafeForImages) assert.ok(urlProblem(u, 'image'), JSON.stringify(u));
  });
  test('nothing the gate lets through is read by a browser as a scheme other than http(s), mailto or tel', () => {
    for (const u of [...safeForLinks, ...unsafeForLinks]) {
      if (urlProblem(u, 'link')) continue;
      assert.ok(
        ['https:', 'http:', 'mailto:', 'tel:'].includes(new URL(u, 'https://jig.test/app/').protocol),
        JSON.stringify(u),
      );
    }
  });
  test('an unsafe href in a layout is refused at its prop, and the message names the scheme', () => {
    const doc = file('contact-page.json');
    doc.nodes.find((n) => n.id === 'map')!.props!.href = '\tJavaScript:alert(1)';
    const r = runGates(doc);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => [i.gate, i.code, i.path]),
      [['policy', 'unsafe_url', '/nodes/6/props/href']],
    );
    assert.match(r.issues[0]!.message, /javascript:/);
  });
});

describe('actions', () => {
  test('without a host list any well-formed action name is accepted', () => {
    for (const name of ['booking-form.json', 'checkout-steps.json', 'settings-form.json', 'product-card.json'])
      assert.ok(runGates(file(name)).ok, name);
  });

  test('with a host list, the layout may name only those actions', () => {
    assert.ok(runGates(file('booking-form.json'), { actions: ['reserve', 'cancel'] }).ok);
    const r = runGates(file('booking-form.json'), { actions: ['book'] });
    assert.deepEqual(codesAt(r), ['unknown_action /nodes/3/props/action']);
    assert.ok(
      !r.ok && /book/.test(r.issues[0]!.message) && /"reserve"/.test(r.issues[0]!.message),
      'the message lists what is accepted and what was received',
    );
  });

  test('action names are matched exactly', () => {
    assert.deepEqual(codesAt(runGates(file('booking-form.json'), { actions: ['Reserve', 'reserve '] })), [
      'unknown_action /nodes/3/props/action',
    ]);
  });

  test('next-step and prev-step are built in: accepted even by an empty host list', () => {
    const steps = file('checkout-steps.json');
    assert.ok(runGates(steps, { actions: ['checkout:place'] }).ok);
    const r = runGates(steps, { actions: [] });
    assert.deepEqual(
      codesAt(r),
      ['unknown_action /nodes/16/props/action'],
      'only the site action, not next-step/prev-step',
    );
    const survey = file('survey-wizard.json');
    assert.deepEqual(codesAt(runGates(survey, { actions: ['survey.submit'] })), []);
  });

  test('a malformed action is bad_action even when the host lists it', () => {
    const doc = file('booking-form.json');
    doc.nodes[3]!.props!.action = 'reserve table!';
    assert.deepEqual(codesAt(runGates(doc, { actions: ['reserve table!'] })), ['bad_action /nodes/3/props/action']);
  });
});
