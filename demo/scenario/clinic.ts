// The clinic-booking site the demo tells its story with: specialties and free slots, the site's
// recipes (last-known-good layouts per intent class, one per step), its rules and its classifier.
import type { LayoutDocument, LayoutNode } from '../../src/layout/document.js';
import type { DomainRule } from '../../src/gates/domain.js';
import { requireInput } from '../../src/gates/domain.js';

export type Step = 'search' | 'choose' | 'details' | 'confirm';
export const STEPS: ReadonlyArray<{ id: Step; label: string }> = [
  { id: 'search', label: 'Search' },
  { id: 'choose', label: 'Choose a time' },
  { id: 'details', label: 'Your details' },
  { id: 'confirm', label: 'Confirmation' },
];

/** The actions the clinic's page accepts from a layout; any other fails the policy gate. */
export const ACTIONS = ['search', 'choose-slot', 'confirm-details', 'back', 'start-over'] as const;

export interface Slot {
  id: string;
  day: string;
  time: string;
  clinician: string;
  site: string;
}
interface Specialty {
  id: string;
  label: string;
  blurb: string;
  slots: Slot[];
}

const SITES = { riverside: 'Riverside Clinic', oldtown: 'Old Town Clinic' } as const;

const slots = (prefix: string, rows: Array<[string, string, string, keyof typeof SITES]>): Slot[] =>
  rows.map(([day, time, clinician, site], i) => ({ id: `${prefix}${i + 1}`, day, time, clinician, site: SITES[site] }));

export const SPECIALTIES: Record<string, Specialty> = {
  gp: {
    id: 'gp',
    label: 'General practice (GP)',
    blurb: 'Check-ups, new symptoms, repeat prescriptions and referrals.',
    slots: slots('gp', [
      ['Monday', '08:40', 'Dr Amara Osei', 'riverside'],
      ['Monday', '14:10', 'Dr Tomás Ruiz', 'oldtown'],
      ['Tuesday', '09:30', 'Dr Amara Osei', 'riverside'],
      ['Wednesday', '11:00', 'Dr Helen Park', 'oldtown'],
      ['Thursday', '16:20', 'Dr Tomás Ruiz', 'oldtown'],
      ['Friday', '10:15', 'Dr Helen Park', 'riverside'],
    ]),
  },
  dermatology: {
    id: 'dermatology',
    label: 'Dermatology',
    blurb: 'Skin, hair and nails: rashes, moles, acne, eczema.',
    slots: slots('derm', [
      ['Tuesday', '10:00', 'Dr Lena Fischer', 'oldtown'],
      ['Tuesday', '15:45', 'Dr Lena Fischer', 'oldtown'],
      ['Wednesday', '09:15', 'Dr Kofi Mensah', 'riverside'],
      ['Thursday', '13:30', 'Dr Kofi Mensah', 'riverside'],
      ['Friday', '08:50', 'Dr Lena Fischer', 'oldtown'],
      ['Friday', '12:40', 'Dr Kofi Mensah', 'riverside'],
    ]),
  },
  physio: {
    id: 'physio',
    label: 'Physiotherapy',
    blurb: 'Back and joint pain, sports injuries, recovery after surgery.',
    slots: slots('phys', [
      ['Monday', '07:30', 'Sam Whitfield', 'riverside'],
      ['Monday', '18:00', 'Sam Whitfield', 'riverside'],
      ['Wednesday', '12:00', 'Priya Nair', 'oldtown'],
      ['Wednesday', '17:30', 'Priya Nair', 'oldtown'],
      ['Thursday', '08:15', 'Sam Whitfield', 'riverside'],
      ['Saturday', '09:45', 'Priya Nair', 'oldtown'],
    ]),
  },
  paediatrics: {
    id: 'paediatrics',
    label: 'Paediatrics',
    blurb: 'Children from birth to 16: development checks, vaccinations, illness.',
    slots: slots('paed', [
      ['Monday', '09:00', 'Dr Yuki Tanaka', 'oldtown'],
      ['Tuesday', '11:30', 'Dr Yuki Tanaka', 'oldtown'],
      ['Wednesday', '15:00', 'Dr Maria Costa', 'riverside'],
      ['Thursday', '10:30', 'Dr Maria Costa', 'riverside'],
      ['Friday', '14:00', 'Dr Yuki Tanaka', 'oldtown'],
      ['Friday', '16:30', 'Dr Maria Costa', 'riverside'],
      ['Saturday', '09:30', 'Dr Maria Costa', 'riverside'],
      ['Saturday', '11:00', 'Dr Yuki Tanaka', 'oldtown'],
    ]),
  },
};

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Day = (typeof DAYS)[number];
const dayLabel = (d: Day) => d[0]!.toUpperCase() + d.slice(1);
type SiteId = keyof typeof SITES;

/** The longest request the page sends: the browser model's context must hold it and the layout it writes. */
export const MAX_INTENT = 200;

export const WHEN = { 'this-week': 'this week', 'next-week': 'next week', later: 'in two weeks or later' } as const;
export type When = keyof typeof WHEN;

/** What the visitor has told the page so far; every field also goes into the layout's `/booking` data. */
export interface Answers {
  specialty?: string;
  when?: When;
  /** A weekday the visitor asked for ("on Saturday"); the choose step offers that day's times. */
  day?: Day;
  site?: string;
  slot?: string;
  name?: string;
  email?: string;
  phone?: string;
  reason?: string;
  reference?: string;
}

/** Words that name a specialty or a time; a site this size needs no model to read them. */
const SPECIALTY_WORDS: Array<[string, RegExp]> = [
  ['dermatology', /dermatolog|skin|rash|mole|acne|eczema|itch/],
  ['physio', /physio|back pain|knee|shoulder|sprain|sports injur|joint/],
  ['paediatrics', /paediatric|pediatric|child|kid|baby|toddler|my son|my daughter/],
  ['gp', /\bgp\b|check-?up|general practi|family doctor|\bdoctor\b|health check|blood test|prescription/],
];

export function readIntent(intent: string): { specialty?: string; when?: When; day?: Day; site?: SiteId } {
  const t = intent.toLowerCase();
  const specialty = SPECIALTY_WORDS.find(([, re]) => re.test(t))?.[0];
  const when: When | undefined = /next week/.test(t)
    ? 'next-week'
    : /this week|today|tomorrow|asap|as soon|urgent/.test(t)
      ? 'this-week'
      : /two weeks|fortnight|next month|later/.test(t)
        ? 'later'
        : undefined;
  const day = DAYS.find((d) => new RegExp(`\\b${d}`).test(t));
  const site = /old ?town/.test(t) ? 'oldtown' : /riverside/.test(t) ? 'riverside' : undefined;
  return {
    ...(specialty ? { specialty } : {}),
    ...(when ? { when } : {}),
    ...(day ? { day } : {}),
    ...(site ? { site } : {}),
  };
}

/** The times a choose step offers: at the chosen clinic, on the asked day when it has any; `dayMissed` when it has none. */
export function offeredSlots(
  sp: Specialty,
  site: string | undefined,
  day: Day | undefined,
): { slots: Slot[]; dayMissed: boolean } {
  const here = sp.slots.filter((x) => !site || site === 'any' || x.site === SITES[site as SiteId]);
  const onDay = day ? here.filter((x) => x.day.toLowerCase() === day) : here;
  return onDay.length ? { slots: onDay, dayMissed: false } : { slots: here, dayMissed: !!day };
}

/** The context the page sends with each request: the step and the answers so far. */
export interface ClinicContext {
  step: Step;
  answers: Answers;
}

/**
 * The site's intent classifier: the step and specialty name the class, so each step's recipe is
 * found in the cache. An intent the site cannot read gets the line's own keyword class (no recipe).
 */
export function classify(intent: string, context: unknown): string | undefined {
  const c = context as Partial<ClinicContext> | undefined;
  const step = c?.step ?? 'search';
  const specialty = c?.answers?.specialty ?? readIntent(intent).specialty;
  if (step === 'details' || step === 'confirm') return `clinic.${step}`;
  if (!specialty || !SPECIALTIES[specialty]) return undefined;
  // The times on offer depend on the clinic and the day asked for: one recipe for each.
  if (step === 'choose')
    return `clinic.choose.${specialty}.${chooseKey(SPECIALTIES[specialty], c?.answers?.site, c?.answers?.day)}`;
  return `clinic.${step}.${specialty}`;
}

/** Labels derived from the answers, written into `/booking` after a layout renders. */
export function bookingData(a: Answers): Record<string, string> {
  const sp = a.specialty ? SPECIALTIES[a.specialty] : undefined;
  const slot = sp?.slots.find((s) => s.id === a.slot);
  return {
    ...(Object.fromEntries(Object.entries(a).filter(([, v]) => typeof v === 'string')) as Record<string, string>),
    specialtyLabel: sp?.label ?? '',
    whenLabel: a.when ? WHEN[a.when] : 'any time',
    slotLabel: slot
      ? `${slot.day} ${a.when === 'later' ? 'in two weeks' : WHEN[a.when ?? 'next-week']}, ${slot.time}`
      : '',
    clinician: slot?.clinician ?? '',
    clinic: slot?.site ?? '',
  };
}

// ---- recipes ------------------------------------------------------------------------------

const n = (id: string, type: string, props?: Record<string, unknown>, children?: string[]): LayoutNode =>
  ({ id, type, ...(props ? { props } : {}), ...(children ? { children } : {}) }) as LayoutNode;

const BOOKING = {
  specialty: '',
  when: 'next-week',
  site: 'any',
  slot: '',
  name: '',
  email: '',
  phone: '',
  reason: '',
  specialtyLabel: '',
  whenLabel: '',
  slotLabel: '',
  clinician: '',
  clinic: '',
  reference: '',
  notes: [] as string[],
  rows: [] as Array<Record<string, string>>,
};

const specialtyOptions = Object.values(SPECIALTIES).map((s) => ({ value: s.id, label: s.label }));
const whenOptions = Object.entries(WHEN).map(([value, label]) => ({
  value,
  label: label[0]!.toUpperCase() + label.slice(1),
}));
const siteOptions = [
  { value: 'any', label: 'Either clinic' },
  { value: 'riverside', label: SITES.riverside },
  { value: 'oldtown', label: SITES.oldtown },
];

function searchLayout(specialty: Specialty | undefined): LayoutDocument {
  return {
    version: 1,
    title: 'Find an appointment',
    root: 'page',
    data: { booking: { ...BOOKING, specialty: specialty?.id ?? 'gp' } },
    nodes: [
      n('page', 'stack', { gap: 'm' }, ['h', 'lede', 'f']),
      n('h', 'heading', {
        text: specialty
          ? `Book ${specialty.id === 'gp' ? 'a GP' : `a ${specialty.label.toLowerCase()}`} appointment`
          : 'Find an appointment',
        level: 2,
      }),
      n('lede', 'text', {
        text: specialty
          ? specialty.blurb
          : 'Tell us who you would like to see and when; we will show the free times at both our clinics.',
        tone: 'muted',
      }),
      n('f', 'form', { action: 'search', submitLabel: 'Show free times' }, ['row']),
      n('row', 'grid', { columns: 3, gap: 'm' }, ['sp', 'when', 'site']),
      n('sp', 'select', {
        label: 'Who would you like to see?',
        bind: '/booking/specialty',
        options: specialtyOptions,
        required: true,
      }),
      n('when', 'select', { label: 'When', bind: '/booking/when', options: whenOptions, required: true }),
      n('site', 'select', { label: 'Where', bind: '/booking/site', options: siteOptions }),
    ],
  };
}

/** Which recipe a choose step needs: the slots it lists, named by site and day. */
function chooseKey(sp: Specialty, site: string | undefined, day: Day | undefined): string {
  const { dayMissed } = offeredSlots(sp, site, day);
  return `${site && site !== 'any' && site in SITES ? site : 'any'}.${day && !dayMissed ? day : 'anyday'}`;
}

function chooseLayout(sp: Specialty, site: string, day: Day | undefined): LayoutDocument {
  const { slots: offered } = offeredSlots(sp, site, day);
  const cards = offered.flatMap((s) => [
    n(`c-${s.id}`, 'card', { title: `${s.day} · ${s.time}`, subtitle: `${s.clinician} — ${s.site}` }, [`pick-${s.id}`]),
    n(`pick-${s.id}`, 'button', { label: 'Choose this time', action: 'choose-slot', variant: 'secondary' }),
  ]);
  return {
    version: 1,
    title: `Free times: ${sp.label}`,
    root: 'page',
    data: { booking: { ...BOOKING, specialty: sp.id } },
    nodes: [
      n('page', 'stack', { gap: 'm' }, ['h', 'note', 'slots', 'back']),
      n('h', 'heading', { text: `Free times — ${sp.label}`, level: 2 }),
      n('note', 'list', { items: { $data: '/booking/notes' } }),
      n(
        'slots',
        'grid',
        { columns: 2, gap: 's' },
        offered.map((s) => `c-${s.id}`),
      ),
      ...cards,
      n('back', 'button', { label: 'Change search', action: 'back', variant: 'secondary' }),
    ],
  };
}

const DETAILS: LayoutDocument = {
  version: 1,
  title: 'Your details',
  root: 'page',
  data: { booking: { ...BOOKING } },
  nodes: [
    n('page', 'stack', { gap: 'm' }, ['h', 'summary', 'f', 'back']),
    n('h', 'heading', { text: 'Your details', level: 2 }),
    n('summary', 'grid', { columns: 3, gap: 's' }, ['s-when', 's-who', 's-where']),
    n('s-when', 'stat', { label: 'When', value: { $data: '/booking/slotLabel' } }),
    n('s-who', 'stat', { label: 'With', value: { $data: '/booking/clinician' } }),
    n('s-where', 'stat', { label: 'Where', value: { $data: '/booking/clinic' } }),
    n('f', 'form', { action: 'confirm-details', submitLabel: 'Book this appointment' }, [
      'name',
      'contact',
      'reason',
      'privacy',
    ]),
    n('name', 'text-field', { label: 'Full name', bind: '/booking/name', required: true }),
    n('contact', 'grid', { columns: 2, gap: 'm' }, ['email', 'phone']),
    n('email', 'text-field', {
      label: 'Email',
      bind: '/booking/email',
      inputType: 'email',
      required: true,
      placeholder: 'you@example.com',
    }),
    n('phone', 'text-field', { label: 'Mobile (for a reminder)', bind: '/booking/phone', inputType: 'tel' }),
    n('reason', 'text-field', {
      label: 'What would you like to talk about? (optional)',
      bind: '/booking/reason',
      multiline: true,
    }),
    n('privacy', 'text', {
      text: 'Only the clinic sees these details. We send one confirmation email and, if you give a mobile number, a reminder the day before.',
      tone: 'muted',
    }),
    n('back', 'button', { label: 'Choose another time', action: 'back', variant: 'secondary' }),
  ],
};

const CONFIRM: LayoutDocument = {
  version: 1,
  title: 'Appointment booked',
  root: 'page',
  data: { booking: { ...BOOKING } },
  nodes: [
    n('page', 'stack', { gap: 'm' }, ['ok', 'facts', 'next', 'again']),
    n('ok', 'callout', {
      title: 'You are booked in',
      text: 'A confirmation is on its way to your inbox. Please arrive five minutes early and bring any medication you take.',
      tone: 'success',
    }),
    n('facts', 'table', {
      columns: [
        { key: 'what', label: 'Booking' },
        { key: 'value', label: 'Details' },
      ],
      rows: { $data: '/booking/rows' },
    }),
    n('next', 'list', {
      items: [
        'Need to cancel? Reply to the confirmation email up to 24 hours before.',
        'Running late? Call the clinic so we can hold your slot.',
      ],
    }),
    n('again', 'button', { label: 'Book another appointment', action: 'start-over', variant: 'primary' }),
  ],
};

/**
 * Shown when no station produced a layout: the clinic's own page for any request — the search
 * form, and how to change or cancel a booking, since a request it could not read may be either.
 */
export const FALLBACK: LayoutDocument = (() => {
  const search = searchLayout(undefined);
  return {
    ...search,
    title: 'How can we help?',
    nodes: [
      n('page', 'stack', { gap: 'm' }, ['h', 'lede', 'f', 'manage']),
      n('h', 'heading', { text: 'How can we help?', level: 2 }),
      n('lede', 'text', {
        text: 'Choose who you would like to see and when: we will show the free times at both our clinics.',
        tone: 'muted',
      }),
      ...search.nodes.filter((x) => ['f', 'row', 'sp', 'when', 'site'].includes(x.id)),
      n('manage', 'callout', {
        title: 'Changing or cancelling a booking?',
        text: 'Reply to your confirmation email, or call us on 0100 555 0100 (8:00 to 18:00, Monday to Saturday).',
      }),
    ],
  };
})();

/** The site-provided recipes: the cache station's last-known-good layout per intent class. */
export function recipes(): Record<string, LayoutDocument> {
  const out: Record<string, LayoutDocument> = { 'clinic.details': DETAILS, 'clinic.confirm': CONFIRM };
  for (const sp of Object.values(SPECIALTIES)) {
    out[`clinic.search.${sp.id}`] = searchLayout(sp);
    for (const site of ['any', ...Object.keys(SITES)]) {
      for (const day of [undefined, ...DAYS]) {
        if (day && offeredSlots(sp, site, day).dayMissed) continue;
        out[`clinic.choose.${sp.id}.${site}.${day ?? 'anyday'}`] = chooseLayout(sp, site, day);
      }
    }
  }
  return out;
}

/** What the layout's data needs from the answers (lists and table rows included). */
export function fillFor(a: Answers): Record<string, unknown> {
  const b = bookingData(a);
  const sp = a.specialty ? SPECIALTIES[a.specialty] : undefined;
  return {
    ...b,
    notes: [
      `${sp?.label ?? 'All specialties'}, ${b.whenLabel}${a.day ? `, on ${dayLabel(a.day)}` : ''}, at ${a.site && a.site !== 'any' ? SITES[a.site as SiteId] : 'either clinic'}.`,
      ...(sp && a.day && offeredSlots(sp, a.site, a.day).dayMissed
        ? [
            `No ${dayLabel(a.day)} times ${a.site && a.site !== 'any' ? `at ${SITES[a.site as SiteId]}` : 'at either clinic'}: here are the other days.`,
          ]
        : []),
      'Every appointment lasts 15 minutes; longer ones can be arranged by phone.',
    ],
    rows: [
      { what: 'Reference', value: a.reference ?? '' },
      { what: 'Appointment', value: `${b.specialtyLabel}, ${b.slotLabel}` },
      { what: 'With', value: b.clinician },
      { what: 'Where', value: b.clinic },
      { what: 'Name', value: a.name ?? '' },
      { what: 'Email', value: a.email ?? '' },
    ],
  };
}

/** The slots a choose step offers, narrowed to the chosen clinic. */
export function slotFor(nodeId: string): Slot | undefined {
  const id = nodeId.replace(/^(pick|c)-/, '');
  for (const sp of Object.values(SPECIALTIES)) {
    const s = sp.slots.find((x) => x.id === id);
    if (s) return s;
  }
  return undefined;
}

/**
 * The clinic's domain rules (gate 7): every step must offer a way forward with one of the
 * page's actions, and the details form must ask for an email for the confirmation.
 */
export const RULES: DomainRule[] = [
  {
    name: 'clinic-way-forward',
    check(layout) {
      const ok = layout.nodes.some(
        (x) =>
          (x.type === 'form' || x.type === 'button') &&
          (ACTIONS as readonly string[]).includes(String(x.props?.action)),
      );
      return ok
        ? []
        : [
            {
              code: 'no_way_forward',
              message: 'a booking step needs a form or button with one of the actions ' + ACTIONS.join(', '),
            },
          ];
    },
  },
  requireInput('clinic-details-email', {
    formAction: 'confirm-details',
    type: 'text-field',
    inputType: 'email',
    message: 'the details form must ask for an email address',
  }),
];

export const EXAMPLES = [
  'Book a check-up with a GP next week',
  'I need to see a dermatologist',
  'Physio for my knee this week',
  'Something is wrong with my ears, can someone see me?',
];
