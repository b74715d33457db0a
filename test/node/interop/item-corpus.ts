// Documents written for these tests: a list of cards whose title and text come from each item,
// in A2UI v0.9, A2UI v0.8 and json-render, with a button whose action context names the item.
// Shared by the Node tests (projection and gates) and the Chromium tests (render, data updates).

export const BASIC_09 = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';

export const plants = () => [
  { name: 'Basil', kind: 'Herb', note: 'Likes sun and warm feet.', stock: 12 },
  { name: 'Mint', kind: 'Herb', note: 'Spreads; keep it in a pot.', stock: 0 },
  { name: 'Fig', kind: 'Tree', note: 'Wants a south wall.', stock: 3 },
];

/** A2UI v0.9: a Column whose template is a Card holding a heading, a note and a Choose button. */
export const a2uiV09Cards = (surfaceId = 'shop') => [
  { version: 'v0.9', createSurface: { surfaceId, catalogId: BASIC_09 } },
  { version: 'v0.9', updateDataModel: { surfaceId, value: { shop: 'Green Corner', plants: plants() } } },
  {
    version: 'v0.9',
    updateComponents: {
      surfaceId,
      components: [
        { id: 'root', component: 'Column', children: ['title', 'list'] },
        { id: 'title', component: 'Text', text: { path: '/shop' }, variant: 'h1' },
        { id: 'list', component: 'List', children: { componentId: 'plant', path: '/plants' } },
        { id: 'plant', component: 'Card', child: 'body' },
        { id: 'body', component: 'Column', children: ['name', 'note', 'stock', 'pick'] },
        { id: 'name', component: 'Text', text: { path: 'name' }, variant: 'h2' },
        { id: 'note', component: 'Text', text: { path: 'note' } },
        { id: 'stock', component: 'Text', text: { path: 'stock' }, variant: 'caption' },
        {
          id: 'pick',
          component: 'Button',
          child: 'pick-label',
          action: { event: { name: 'choose', context: { plant: { path: 'name' }, shop: { path: '/shop' } } } },
        },
        { id: 'pick-label', component: 'Text', text: 'Choose' },
      ],
    },
  },
];

/** The same list in A2UI v0.8: wrapped components, a template with dataBinding, data as a map keyed 0, 1, 2. */
export const a2uiV08Cards = (surfaceId = 'shop') => [
  {
    surfaceUpdate: {
      surfaceId,
      components: [
        { id: 'root', component: { Column: { children: { explicitList: ['title', 'list'] } } } },
        { id: 'title', component: { Text: { text: { path: '/shop' }, usageHint: 'h1' } } },
        {
          id: 'list',
          component: { List: { children: { template: { componentId: 'plant', dataBinding: '/plants' } } } },
        },
        { id: 'plant', component: { Card: { child: 'body' } } },
        { id: 'body', component: { Column: { children: { explicitList: ['name', 'note', 'pick'] } } } },
        { id: 'name', component: { Text: { text: { path: 'name' }, usageHint: 'h2' } } },
        { id: 'note', component: { Text: { text: { path: 'note' } } } },
        {
          id: 'pick',
          component: {
            Button: {
              child: 'pick-label',
              action: { name: 'choose', context: [{ key: 'plant', value: { path: 'name' } }] },
            },
          },
        },
        { id: 'pick-label', component: { Text: { text: { literalString: 'Choose' } } } },
      ],
    },
  },
  {
    dataModelUpdate: {
      surfaceId,
      contents: [
        { key: 'shop', valueString: 'Green Corner' },
        {
          key: 'plants',
          valueMap: plants().map((p, i) => ({
            key: String(i),
            valueMap: [
              { key: 'name', valueString: p.name },
              { key: 'note', valueString: p.note },
            ],
          })),
        },
      ],
    },
  },
  { beginRendering: { surfaceId, root: 'root' } },
];

/** json-render: a Stack repeating over /plants, each a Card titled from $item with a Text and a Button. */
export const jsonRenderCards = () => ({
  root: 'page',
  state: { shop: 'Green Corner', plants: plants() },
  elements: {
    page: { type: 'Stack', props: { direction: 'vertical' }, children: ['title', 'list'] },
    title: { type: 'Heading', props: { text: { $state: '/shop' }, level: 'h1' } },
    list: { type: 'Stack', props: { direction: 'vertical' }, repeat: { statePath: '/plants' }, children: ['plant'] },
    plant: {
      type: 'Card',
      props: { title: { $item: 'name' }, description: { $item: 'kind' } },
      children: ['note', 'stock', 'pick'],
    },
    note: { type: 'Text', props: { text: { $item: 'note' } } },
    stock: { type: 'Badge', props: { text: { $item: 'stock' }, variant: 'secondary' } },
    pick: {
      type: 'Button',
      props: { label: 'Choose' },
      on: { press: { action: 'choose', params: { plant: { $item: 'name' }, shop: { $state: '/shop' } } } },
    },
  },
});
