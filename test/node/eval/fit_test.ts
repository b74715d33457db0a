// The held-out eval's fit check: a layout fits an intent when it has every component the intent
// needs, with the props named and as many as asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fits, missingNeeds } from '../../../eval/fit.js';

const layout = {
  nodes: [
    { type: 'form', props: { action: 'subscribe' } },
    { type: 'text-field', props: { label: 'Email', bind: '/s/email', inputType: 'email' } },
    { type: 'stat', props: { label: 'A', value: 1 } },
  ],
};

test('fits when every need is met, with props compared by value', () => {
  assert.ok(fits(layout, { needs: [{ type: 'form' }, { type: 'text-field', props: { inputType: 'email' } }] }));
});

test('misses a type that is absent, a prop that differs and a count too low', () => {
  const missing = missingNeeds(layout, {
    needs: [
      { type: 'steps' },
      { type: 'text-field', props: { multiline: true } },
      { type: 'stat', min: 2 },
      { type: 'form' },
    ],
  });
  assert.deepEqual(
    missing.map((n) => n.type),
    ['steps', 'text-field', 'stat'],
  );
});
