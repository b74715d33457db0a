// Jig's own interop corpus: A2UI (v0.8, v0.9) and json-render documents written for these tests
// from the formats' specifications, one per mapped component and binding form.
export const BASIC = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';

export const v09 = (surfaceId: string, components: unknown[], data?: unknown) => [
  { version: 'v0.9', createSurface: { surfaceId, catalogId: BASIC } },
  { version: 'v0.9', updateComponents: { surfaceId, components } },
  ...(data === undefined ? [] : [{ version: 'v0.9', updateDataModel: { surfaceId, value: data } }]),
];

/** A v0.9 surface with every mapped component of the basic catalog. */
export const gardenClub = v09(
  'garden',
  [
    {
      id: 'root',
      component: 'Column',
      children: ['title', 'intro', 'photo', 'icon-row', 'plots', 'form-card', 'rules', 'line', 'help'],
    },
    { id: 'title', component: 'Text', text: 'Allotment sign-up', variant: 'h1' },
    { id: 'intro', component: 'Text', text: { path: '/club/motto' }, variant: 'caption' },
    { id: 'photo', component: 'Image', url: 'https://example.org/plots.jpg', description: 'Rows of raised beds' },
    { id: 'icon-row', component: 'Row', children: ['pin', 'where'], align: 'center', justify: 'start' },
    { id: 'pin', component: 'Icon', name: 'locationOn' },
    { id: 'where', component: 'Text', text: 'North field' },
    { id: 'plots', component: 'List', direction: 'vertical', children: { componentId: 'plot', path: '/plots' } },
    { id: 'plot', component: 'CheckBox', label: 'Watered', value: { path: 'watered' } },
    { id: 'form-card', component: 'Card', child: 'form' },
    { id: 'form', component: 'Column', children: ['name', 'notes', 'size', 'start', 'soil', 'terms', 'send'] },
    {
      id: 'name',
      component: 'TextField',
      label: 'Name',
      value: { path: '/member/name' },
      checks: [{ condition: { call: 'required', args: { value: { path: '/member/name' } } }, message: 'Name please' }],
    },
    { id: 'notes', component: 'TextField', label: 'Notes', value: { path: '/member/notes' }, variant: 'longText' },
    { id: 'size', component: 'Slider', label: 'Plot size (m²)', value: { path: '/member/size' }, min: 10, max: 100 },
    {
      id: 'start',
      component: 'DateTimeInput',
      label: 'Start',
      value: { path: '/member/start' },
      enableDate: true,
      min: '2026-01-01',
    },
    {
      id: 'soil',
      component: 'ChoicePicker',
      label: 'Soil',
      variant: 'mutuallyExclusive',
      options: [
        { label: 'Clay', value: 'clay' },
        { label: 'Loam', value: 'loam' },
      ],
      value: { path: '/member/soil' },
    },
    { id: 'terms', component: 'CheckBox', label: 'I accept the rules', value: { path: '/member/accepts' } },
    { id: 'send-label', component: 'Text', text: 'Join the club' },
    {
      id: 'send',
      component: 'Button',
      child: 'send-label',
      variant: 'primary',
      action: { event: { name: 'join', context: { who: { path: '/member/name' }, club: 'north' } } },
    },
    {
      id: 'rules',
      component: 'Tabs',
      tabs: [
        { title: 'Rules', child: 'rules-text' },
        { title: 'Fees', child: 'fees-text' },
      ],
    },
    { id: 'rules-text', component: 'Text', text: 'No hosepipes after 6 pm.' },
    { id: 'fees-text', component: 'Text', text: 'Twelve pounds a year.' },
    { id: 'line', component: 'Divider' },
    { id: 'help', component: 'Modal', trigger: 'help-open', content: 'help-body' },
    { id: 'help-open', component: 'Button', child: 'help-label', action: { event: { name: 'noop' } } },
    { id: 'help-label', component: 'Text', text: 'Need help?' },
    { id: 'help-body', component: 'Text', text: 'Ask at the shed on Saturdays.' },
  ],
  {
    club: { motto: 'Grow together' },
    plots: [{ watered: true }, { watered: false }],
    member: { name: '', notes: '', size: 20, start: '', soil: ['loam'], accepts: false },
  },
);

/** The same kind of surface in v0.8's shapes: wrapped components, literal/path objects, adjacency-list data. */
export const v08Library = [
  {
    surfaceUpdate: {
      surfaceId: 'library',
      components: [
        { id: 'root', component: { Column: { children: { explicitList: ['head', 'search', 'loans', 'renew'] } } } },
        { id: 'head', component: { Text: { text: { literalString: 'Your loans' }, usageHint: 'h2' } } },
        {
          id: 'search',
          component: {
            TextField: {
              label: { literalString: 'Search' },
              text: { path: '/query', literalString: 'garden' },
              textFieldType: 'shortText',
            },
          },
        },
        {
          id: 'loans',
          component: { List: { children: { template: { componentId: 'loan', dataBinding: '/loans' } } } },
        },
        { id: 'loan', component: { CheckBox: { label: { literalString: 'Returned' }, value: { path: 'returned' } } } },
        { id: 'renew-label', component: { Text: { text: { literalString: 'Renew all' } } } },
        {
          id: 'renew',
          component: {
            Button: {
              child: 'renew-label',
              primary: true,
              action: {
                name: 'renew',
                context: [
                  { key: 'count', value: { literalNumber: 2 } },
                  { key: 'q', value: { path: '/query' } },
                ],
              },
            },
          },
        },
      ],
    },
  },
  {
    dataModelUpdate: {
      surfaceId: 'library',
      contents: [
        { key: 'member', valueMap: [{ key: 'name', valueString: 'Ada' }] },
        {
          key: 'loans',
          valueMap: [
            { key: '0', valueMap: [{ key: 'returned', valueBoolean: false }] },
            { key: '1', valueMap: [{ key: 'returned', valueBoolean: true }] },
          ],
        },
      ],
    },
  },
  { beginRendering: { surfaceId: 'library', root: 'root' } },
];

/** A json-render spec using the shadcn profile: state bindings, repeat, visible, an action with params. */
export const pantrySpec = {
  root: 'page',
  state: {
    order: { email: '', qty: 1, pickup: false, slot: 'am', size: 'm' },
    items: [{ name: 'Rice', packed: false }],
    showNote: true,
    progress: 40,
  },
  elements: {
    page: {
      type: 'Card',
      props: {
        title: 'Food bank order',
        description: 'Pick up on Fridays',
        maxWidth: 'md',
        centered: null,
        className: null,
      },
      children: ['top', 'grid', 'items', 'note', 'bar', 'form', 'more'],
    },
    top: {
      type: 'Stack',
      props: { direction: 'horizontal', gap: 'sm', align: 'center', justify: null, className: null },
      children: ['who', 'tag'],
    },
    who: { type: 'Avatar', props: { name: 'Sam Reed', src: null, size: 'sm' } },
    tag: { type: 'Badge', props: { text: 'Volunteer', variant: 'secondary' } },
    grid: { type: 'Grid', props: { columns: 2, gap: 'md', className: null }, children: ['h', 'p'] },
    h: { type: 'Heading', props: { text: 'This week', level: 'h2' } },
    p: { type: 'Text', props: { text: 'Bring your own bags.', variant: 'muted' } },
    items: {
      type: 'Stack',
      props: { direction: 'vertical', gap: 'sm', align: null, justify: null, className: null },
      repeat: { statePath: '/items', key: 'name' },
      children: ['packed'],
    },
    packed: { type: 'Checkbox', props: { label: 'Packed', name: 'packed', checked: { $bindItem: 'packed' } } },
    note: {
      type: 'Alert',
      props: { title: 'Heads up', message: 'The hall closes at five.', type: 'warning' },
      visible: { $state: '/showNote', eq: true },
    },
    bar: { type: 'Progress', props: { value: { $state: '/progress' }, max: 100, label: 'Packed so far' } },
    form: {
      type: 'Stack',
      props: { direction: 'vertical', gap: 'md', align: null, justify: null, className: null },
      children: ['email', 'qty', 'pickup', 'slot', 'size', 'vol', 'sep', 'send'],
    },
    email: {
      type: 'Input',
      props: {
        label: 'Email',
        name: 'email',
        type: 'email',
        placeholder: 'you@example.org',
        value: { $bindState: '/order/email' },
        checks: [{ type: 'required', message: 'Needed' }],
        validateOn: 'blur',
      },
    },
    qty: {
      type: 'Input',
      props: {
        label: 'Parcels',
        name: 'qty',
        type: 'number',
        placeholder: null,
        value: { $bindState: '/order/qty' },
        checks: [{ type: 'min', args: { min: 1 }, message: 'At least one' }],
        validateOn: null,
      },
    },
    pickup: {
      type: 'Switch',
      props: {
        label: 'Deliver instead',
        name: 'pickup',
        checked: { $bindState: '/order/pickup' },
        checks: null,
        validateOn: null,
      },
    },
    slot: {
      type: 'Radio',
      props: {
        label: 'Slot',
        name: 'slot',
        options: ['am', 'pm'],
        value: { $bindState: '/order/slot' },
        checks: null,
        validateOn: null,
      },
    },
    size: {
      type: 'Select',
      props: {
        label: 'Household',
        name: 'size',
        options: ['s', 'm', 'l'],
        placeholder: null,
        value: { $bindState: '/order/size' },
        checks: null,
        validateOn: null,
      },
    },
    vol: {
      type: 'Slider',
      props: { label: 'Hours to help', min: 0, max: 8, step: 1, value: { $bindState: '/order/hours' } },
    },
    sep: { type: 'Separator', props: { orientation: null } },
    send: {
      type: 'Button',
      props: { label: 'Order', variant: 'primary', disabled: null },
      on: { press: { action: 'order', params: { email: { $state: '/order/email' }, source: 'web' } } },
    },
    more: { type: 'Link', props: { label: 'Opening hours', href: 'https://example.org/hours' } },
  },
};
