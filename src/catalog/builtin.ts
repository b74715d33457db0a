// The 33 built-in components of the README's catalog: their props as zod schemas, described for a model,
// and their children rules. The Lit elements that render them live in components/.
import * as z from 'zod/mini';
import { createCatalog, lazyComponent } from './catalog.js';
import { dateRange, distinctOptions, numberRange } from './checks.js';
import { action, bind, describe, fromData, url } from './props.js';

const text = (max: number, description: string) => describe(z.string().check(z.maxLength(max)), description);
const requiredText = (max: number, description: string) =>
  describe(z.string().check(z.minLength(1), z.maxLength(max)), description);
/**
 * Text a node shows that may come from data: a literal, or `{"$data": "/pointer"}` to a string
 * (a number or boolean shows as written). What data supplies meets the literal's limits.
 */
const shownText = (min: 0 | 1, max: number, description: string) =>
  fromData(
    z.string().check(...(min ? [z.minLength(min)] : []), z.maxLength(max)),
    'text',
    `${description} Or {"$data": "/pointer"} to it.`,
  );
const tone = describe(
  z.enum(['default', 'muted', 'success', 'warning', 'danger']),
  'Colour meaning: default, muted, success, warning or danger.',
);
const gap = describe(z.enum(['none', 's', 'm', 'l']), 'Space between children: none, s, m or l.');
const label = requiredText(120, 'The visible label a person reads.');
const required = describe(z.boolean(), 'True when the form cannot be submitted without a value.');
const isoDate = describe(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), 'A date as YYYY-MM-DD.');

/** Layout and inputs that may sit inside a form. */
export const FORM_CHILD_TYPES = [
  'stack',
  'grid',
  'card',
  'divider',
  'heading',
  'text',
  'callout',
  'badge',
  'link',
  'image',
  'list',
  'icon',
  'progress',
  'accordion',
  'text-field',
  'number-field',
  'select',
  'checkbox',
  'date-field',
  'slider',
  'radio-group',
  'switch',
  'button',
] as const;

/** What a dialog may hold: anything but another dialog (a modal over a modal loses people). */
export const DIALOG_CHILD_TYPES = [
  ...FORM_CHILD_TYPES,
  'form',
  'tabs',
  'steps',
  'stat',
  'table',
  'chart',
  'avatar',
] as const;

/** The names of Jig's icon set; their drawings load with the first icon (components/icon). */
export const ICON_NAMES = [
  'check',
  'x',
  'plus',
  'minus',
  'chevron-up',
  'chevron-down',
  'chevron-left',
  'chevron-right',
  'arrow-left',
  'arrow-right',
  'search',
  'info',
  'warning',
  'error',
  'success',
  'star',
  'heart',
  'home',
  'user',
  'calendar',
  'clock',
  'mail',
  'phone',
  'trash',
  'edit',
  'download',
  'upload',
  'external-link',
  'menu',
  'lock',
  'map-pin',
  'cart',
  'bell',
  'settings',
  'filter',
  'refresh',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

const size = describe(z.enum(['s', 'm', 'l']), 'Size: s, m (default) or l.');
const choices = describe(
  z
    .array(z.strictObject({ value: requiredText(120, 'Stored value.'), label: requiredText(120, 'Shown text.') }))
    .check(z.minLength(1), z.maxLength(100)),
  'Choices: [{"value": "std", "label": "Standard"}].',
);

export const stack = lazyComponent({
  type: 'stack',
  description: 'Lays out its children one after another, in a column (default) or a row.',
  props: () =>
    z.strictObject({
      direction: z.optional(
        describe(z.enum(['column', 'row']), 'column stacks top to bottom; row places side by side and wraps.'),
      ),
      gap: z.optional(gap),
      align: z.optional(
        describe(z.enum(['start', 'center', 'end', 'stretch']), 'Cross-axis alignment of the children.'),
      ),
    }),
  children: { kind: 'any' },
});

export const grid = lazyComponent({
  type: 'grid',
  description: 'Places its children in equal columns that collapse to one column on narrow screens.',
  props: () =>
    z.strictObject({
      columns: z.optional(describe(z.int().check(z.minimum(1), z.maximum(6)), 'Number of columns, 1 to 6.')),
      gap: z.optional(gap),
    }),
  children: { kind: 'any' },
});

export const card = lazyComponent({
  type: 'card',
  description: 'A bordered panel that groups related content, with an optional title and subtitle.',
  props: () =>
    z.strictObject({
      title: z.optional(shownText(0, 200, 'Title shown at the top of the card.')),
      subtitle: z.optional(shownText(0, 300, 'A smaller line under the title.')),
    }),
  children: { kind: 'any' },
});

export const tabs = lazyComponent({
  type: 'tabs',
  description: 'Tabbed panels; each child is a tab and only one shows at a time.',
  props: () => z.strictObject({}),
  children: { kind: 'only', types: ['tab'], max: 12 },
});

export const tab = lazyComponent({
  type: 'tab',
  description: 'One panel of tabs; its label names the tab.',
  props: () => z.strictObject({ label: requiredText(60, 'The tab button text.') }),
  children: { kind: 'any' },
  parents: ['tabs'],
});

export const steps = lazyComponent({
  type: 'steps',
  description:
    'A multi-step workflow; each child is a step shown one at a time. Buttons or forms with action "next-step"/"prev-step" move between steps.',
  props: () => z.strictObject({}),
  children: { kind: 'only', types: ['step'], max: 12 },
});

export const step = lazyComponent({
  type: 'step',
  description: 'One step of a steps workflow.',
  props: () => z.strictObject({ title: requiredText(80, 'The step name shown in the progress bar.') }),
  children: { kind: 'any' },
  parents: ['steps'],
});

export const divider = lazyComponent({
  type: 'divider',
  description: 'A horizontal rule that separates sections.',
  props: () => z.strictObject({}),
});

export const heading = lazyComponent({
  type: 'heading',
  description: 'A section heading.',
  props: () =>
    z.strictObject({
      text: shownText(1, 200, 'The heading text.'),
      level: z.optional(
        describe(z.int().check(z.minimum(1), z.maximum(4)), '1 is the page title; 2–4 are sections and sub-sections.'),
      ),
    }),
});

export const textComponent = lazyComponent({
  type: 'text',
  description: 'A paragraph of plain text.',
  props: () =>
    z.strictObject({
      text: shownText(1, 4000, 'The paragraph text (plain text, no markup).'),
      tone: z.optional(tone),
    }),
});

export const image = lazyComponent({
  type: 'image',
  description: 'An image with alternative text.',
  props: () =>
    z.strictObject({
      src: url('image', 'https URL or relative path of the image.'),
      alt: text(300, 'What the image shows, for people who cannot see it ("" only for decoration).'),
      width: z.optional(describe(z.int().check(z.minimum(1), z.maximum(4000)), 'Width in CSS pixels.')),
      height: z.optional(describe(z.int().check(z.minimum(1), z.maximum(4000)), 'Height in CSS pixels.')),
    }),
});

export const link = lazyComponent({
  type: 'link',
  description: 'A hyperlink.',
  props: () =>
    z.strictObject({
      href: url('link', 'https URL, relative path, mailto: or tel: link.'),
      text: shownText(1, 200, 'The link text.'),
    }),
});

export const badge = lazyComponent({
  type: 'badge',
  description: 'A small label for a status or category.',
  props: () =>
    z.strictObject({
      text: shownText(1, 40, 'The badge text, one or two words.'),
      tone: z.optional(tone),
    }),
});

export const callout = lazyComponent({
  type: 'callout',
  description: 'A highlighted box for a tip, notice or warning.',
  props: () =>
    z.strictObject({
      text: shownText(1, 1000, 'The message.'),
      title: z.optional(shownText(0, 120, 'A short bold title.')),
      tone: z.optional(tone),
    }),
});

const scalar = z.union([z.string().check(z.maxLength(200)), z.number()]);

export const list = lazyComponent({
  type: 'list',
  description: 'A bulleted or numbered list of short items.',
  props: () =>
    z.strictObject({
      items: fromData(
        z.array(scalar).check(z.maxLength(200)),
        'string-list',
        'The items, or {"$data": "/pointer"} to an array in data.',
      ),
      ordered: z.optional(describe(z.boolean(), 'True for a numbered list.')),
    }),
});

export const stat = lazyComponent({
  type: 'stat',
  description: 'A key figure with its label, e.g. revenue this month.',
  props: () =>
    z.strictObject({
      label,
      value: fromData(scalar, 'scalar', 'The figure, or {"$data": "/pointer"} to it.'),
      delta: z.optional(text(40, 'Change versus before, e.g. "+4%" or "-2".')),
    }),
});

export const table = lazyComponent({
  type: 'table',
  description: 'A table of records with named columns.',
  props: () =>
    z.strictObject({
      columns: describe(
        z
          .array(
            z.strictObject({
              key: requiredText(64, 'Field of each row to show.'),
              label: requiredText(80, 'Column header.'),
            }),
          )
          .check(z.minLength(1), z.maxLength(20)),
        'The columns: [{"key": "name", "label": "Name"}].',
      ),
      rows: fromData(
        z.array(z.record(z.string(), z.union([scalar, z.boolean(), z.null()]))).check(z.maxLength(500)),
        'records',
        'The rows as objects keyed by column key, or {"$data": "/pointer"}.',
      ),
    }),
});

export const chart = lazyComponent({
  type: 'chart',
  description: 'A bar or line chart of labelled values.',
  props: () =>
    z.strictObject({
      kind: describe(z.enum(['bar', 'line']), 'bar or line.'),
      series: fromData(
        z
          .array(
            z.strictObject({
              label: requiredText(60, 'Category or x label.'),
              value: describe(z.number(), 'The value.'),
            }),
          )
          .check(z.maxLength(200)),
        'series',
        'Points [{"label": "Mon", "value": 3}], or {"$data": "/pointer"}.',
      ),
      title: z.optional(text(120, 'Chart title.')),
    }),
});

export const form = lazyComponent({
  type: 'form',
  description: 'A form: inputs inside it are submitted together with its action.',
  props: () =>
    z.strictObject({
      action: action('What the host page does on submit, e.g. "reserve"; "next-step" inside a step.'),
      submitLabel: z.optional(text(60, 'Text of the submit button (default "Submit").')),
    }),
  children: { kind: 'only', types: FORM_CHILD_TYPES, max: 60 },
});

export const textField = lazyComponent({
  type: 'text-field',
  description: 'A one-line (or multiline) text input bound to a string in data.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('string', 'JSON Pointer to the string in data, e.g. "/guest/name".'),
      placeholder: z.optional(text(120, 'Hint shown while empty.')),
      required: z.optional(required),
      multiline: z.optional(describe(z.boolean(), 'True for a text area.')),
      inputType: z.optional(
        describe(z.enum(['text', 'email', 'tel', 'url']), 'Keyboard and validation: text, email, tel or url.'),
      ),
    }),
});

export const numberField = lazyComponent({
  type: 'number-field',
  description: 'A number input bound to a number in data.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('number', 'JSON Pointer to the number in data.'),
      min: z.optional(describe(z.number(), 'Smallest allowed value.')),
      max: z.optional(describe(z.number(), 'Largest allowed value.')),
      step: z.optional(describe(z.number().check(z.positive()), 'Increment.')),
      required: z.optional(required),
    }),
  check: numberRange,
});

export const select = lazyComponent({
  type: 'select',
  description: 'A drop-down choice bound to a string in data.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('string', 'JSON Pointer to the chosen value in data.'),
      options: choices,
      required: z.optional(required),
    }),
  check: distinctOptions,
});

export const checkbox = lazyComponent({
  type: 'checkbox',
  description: 'A checkbox bound to a boolean in data.',
  props: () => z.strictObject({ label, bind: bind('boolean', 'JSON Pointer to the boolean in data.') }),
});

export const dateField = lazyComponent({
  type: 'date-field',
  description: 'A date picker bound to a YYYY-MM-DD string in data.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('date', 'JSON Pointer to the date string in data.'),
      min: z.optional(isoDate),
      max: z.optional(isoDate),
      required: z.optional(required),
    }),
  check: dateRange,
});

export const button = lazyComponent({
  type: 'button',
  description: 'A button that sends an action to the host page (or "next-step"/"prev-step" inside steps).',
  props: () =>
    z.strictObject({
      label: shownText(1, 60, 'Button text.'),
      action: action('The action name, e.g. "cancel".'),
      variant: z.optional(describe(z.enum(['primary', 'secondary', 'danger']), 'primary, secondary or danger.')),
    }),
});

export const icon = lazyComponent({
  type: 'icon',
  description:
    "A small symbol from Jig's icon set. Give it a label when it means something on its own; leave the label out when text beside it says the same.",
  props: () =>
    z.strictObject({
      name: describe(z.enum(ICON_NAMES), 'Which icon.'),
      label: z.optional(text(80, 'What the icon means, read out by screen readers; omit for decoration next to text.')),
      size: z.optional(size),
      tone: z.optional(tone),
    }),
});

export const dialog = lazyComponent({
  type: 'dialog',
  description:
    'A button that opens a modal dialog holding its children (details, a short form); Escape or the close button shuts it.',
  props: () =>
    z.strictObject({
      trigger: requiredText(60, 'Text of the button that opens the dialog.'),
      title: requiredText(120, 'Heading at the top of the dialog.'),
      variant: z.optional(
        describe(
          z.enum(['primary', 'secondary', 'danger']),
          'Style of the opening button: primary, secondary or danger.',
        ),
      ),
    }),
  children: { kind: 'only', types: DIALOG_CHILD_TYPES, max: 40 },
});

export const accordion = lazyComponent({
  type: 'accordion',
  description:
    'A section whose title row opens and closes it to show its children. Several in a stack make an accordion; those sharing a group open one at a time.',
  props: () =>
    z.strictObject({
      title: requiredText(120, 'The title, always visible; it opens and closes the section.'),
      open: z.optional(describe(z.boolean(), 'True to start open.')),
      group: z.optional(
        describe(
          z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
          'Sections next to each other with the same group name (lower-case, e.g. "faq") open one at a time.',
        ),
      ),
    }),
  children: { kind: 'any' },
});

export const slider = lazyComponent({
  type: 'slider',
  description: 'A slider for a number in a range, bound to a number in data.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('number', 'JSON Pointer to the number in data.'),
      min: z.optional(describe(z.number(), 'Smallest value (default 0).')),
      max: z.optional(describe(z.number(), 'Largest value (default 100).')),
      step: z.optional(describe(z.number().check(z.positive()), 'Increment (default 1).')),
      unit: z.optional(text(12, 'Shown after the value, e.g. "%" or " km".')),
    }),
  check: numberRange,
});

export const radioGroup = lazyComponent({
  type: 'radio-group',
  description:
    'A few choices shown at once, one of which is picked; bound to the chosen value (a string) in data. Prefer select for more than six.',
  props: () =>
    z.strictObject({
      label,
      bind: bind('string', 'JSON Pointer to the chosen value in data.'),
      options: choices,
      required: z.optional(required),
      direction: z.optional(
        describe(z.enum(['column', 'row']), 'column lists the choices top to bottom; row places them side by side.'),
      ),
    }),
  check: distinctOptions,
});

export const switchComponent = lazyComponent({
  type: 'switch',
  description: 'An on/off switch for a setting that takes effect at once, bound to a boolean in data.',
  props: () => z.strictObject({ label, bind: bind('boolean', 'JSON Pointer to the boolean in data.') }),
});

export const progress = lazyComponent({
  type: 'progress',
  description: 'A bar showing how far something has got, from 0 to max.',
  props: () =>
    z.strictObject({
      label: requiredText(120, 'What is progressing, e.g. "Profile complete".'),
      value: fromData(z.number(), 'number', 'How far, from 0 to max, or {"$data": "/pointer"} to a number.'),
      max: z.optional(describe(z.number().check(z.positive()), 'The value when done (default 100).')),
      tone: z.optional(tone),
    }),
});

export const avatar = lazyComponent({
  type: 'avatar',
  description: "A person's picture in a circle; shows their initials when there is no picture or it fails to load.",
  props: () =>
    z.strictObject({
      name: requiredText(120, "The person's name: the picture's alternative text and the source of the initials."),
      src: z.optional(url('image', 'https URL or relative path of the picture.')),
      size: z.optional(size),
    }),
});

export const BUILTIN_COMPONENTS = [
  stack,
  grid,
  card,
  tabs,
  tab,
  steps,
  step,
  divider,
  heading,
  textComponent,
  image,
  link,
  badge,
  callout,
  list,
  stat,
  table,
  chart,
  form,
  textField,
  numberField,
  select,
  checkbox,
  dateField,
  button,
  icon,
  dialog,
  accordion,
  slider,
  radioGroup,
  switchComponent,
  progress,
  avatar,
] as const;

/** The built-in catalog: all 33 components. `builtinCatalog.narrow({exclude: ['image']})` to forbid some. */
export const builtinCatalog = createCatalog(BUILTIN_COMPONENTS);

export type StackProps = z.infer<typeof stack.props>;
export type GridProps = z.infer<typeof grid.props>;
export type CardProps = z.infer<typeof card.props>;
export type TabProps = z.infer<typeof tab.props>;
export type StepProps = z.infer<typeof step.props>;
export type HeadingProps = z.infer<typeof heading.props>;
export type TextProps = z.infer<typeof textComponent.props>;
export type ImageProps = z.infer<typeof image.props>;
export type LinkProps = z.infer<typeof link.props>;
export type BadgeProps = z.infer<typeof badge.props>;
export type CalloutProps = z.infer<typeof callout.props>;
export type ListProps = z.infer<typeof list.props>;
export type StatProps = z.infer<typeof stat.props>;
export type TableProps = z.infer<typeof table.props>;
export type ChartProps = z.infer<typeof chart.props>;
export type FormProps = z.infer<typeof form.props>;
export type TextFieldProps = z.infer<typeof textField.props>;
export type NumberFieldProps = z.infer<typeof numberField.props>;
export type SelectProps = z.infer<typeof select.props>;
export type CheckboxProps = z.infer<typeof checkbox.props>;
export type DateFieldProps = z.infer<typeof dateField.props>;
export type ButtonProps = z.infer<typeof button.props>;
export type IconProps = z.infer<typeof icon.props>;
export type DialogProps = z.infer<typeof dialog.props>;
export type AccordionProps = z.infer<typeof accordion.props>;
export type SliderProps = z.infer<typeof slider.props>;
export type RadioGroupProps = z.infer<typeof radioGroup.props>;
export type SwitchProps = z.infer<typeof switchComponent.props>;
export type ProgressProps = z.infer<typeof progress.props>;
export type AvatarProps = z.infer<typeof avatar.props>;
export type Tone = NonNullable<TextProps['tone']>;
