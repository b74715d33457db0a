// Jig in React 19, type-checked in CI (scripts/check-frameworks.mjs): typed elements, properties,
// events and refs from `jig/react`; the @ts-expect-error lines prove wrong uses are caught.
import { useRef, useState } from 'react';
import type { JigSurface, LayoutInput } from 'jig';
import type {} from 'jig/react';

const booking: LayoutInput = {
  version: 1,
  root: 'b',
  nodes: [{ id: 'b', type: 'button', props: { label: 'Reserve', action: 'reserve' } }],
};

export function Booking() {
  const surface = useRef<JigSurface>(null);
  const [last, setLast] = useState('');
  return (
    <section>
      <jig-surface
        ref={surface}
        layout={booking}
        actions={['reserve']}
        class="booking"
        onjig-action={(e) => setLast(e.detail.action)}
        onjig-invalid={(e) => console.warn(e.detail.issues.map((i) => i.code))}
      >
        <p slot="fallback">Call us to book.</p>
      </jig-surface>
      <jig-button props={{ label: 'Alone', action: 'alone' }} node-id="solo" />
      <output>{last}</output>
      {/* @ts-expect-error actions is a list of names, not one string */}
      <jig-surface actions="reserve" />
      {/* @ts-expect-error a button's label is text */}
      <jig-button props={{ label: 3, action: 'x' }} />
      {/* @ts-expect-error the detail of jig-action has no `issues` */}
      <jig-surface onjig-action={(e) => e.detail.issues} />
      {/* @ts-expect-error no such element */}
      <jig-nothing />
    </section>
  );
}
