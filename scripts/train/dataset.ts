// Builds the layout model's training set: intents a website meets, paraphrased, paired with
// layouts in the nested generation form (docs/engines.md, "The nested form"), each checked by all seven gates once flattened.
//
//   node --import tsx scripts/train/dataset.ts [--out DIR] [--from tuning.jsonl] [--heldout eval/model-heldout.json]
//     [--classes newsletter,contact,…]   (only these intent classes; default all 18)
//
// Writes DIR/train.jsonl and DIR/valid.jsonl ({intent, class, text}) and the held-out eval
// intents. Deterministic: the same seed writes the same bytes.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGates } from '../../src/gates/run.js';
import { seededRandom } from '../../src/util/random.js';
import { flattenTree } from '../../src/layout/tree.js';
import { DEFAULT_LIMITS } from '../../src/layout/document.js';
import { toModelText, type TreeDoc, type TreeNode } from './tree-text.js';
import { heldOutClash, VARIETY, varied } from './phrasings.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SEED = 20261205;

type Rng = () => number;
type Props = Record<string, unknown>;
const n = (type: string, props?: Props, children?: TreeNode[]): TreeNode => {
  const node: TreeNode = { type };
  if (props && Object.keys(props).length) node.props = props;
  if (children) node.children = children;
  return node;
};
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
/** Some of `xs` in their order, at least `min`. */
function some<T>(r: Rng, xs: readonly T[], min: number): T[] {
  const kept = xs.filter(() => chance(r, 0.6));
  return kept.length >= min ? kept : xs.slice(0, min);
}

// Field builders: the few input shapes every form class draws on.
const email = (g: string, label = 'Email') =>
  n('text-field', { label, bind: `/${g}/email`, inputType: 'email', required: true });
const nameField = (g: string, label = 'Name') => n('text-field', { label, bind: `/${g}/name`, required: true });
const phone = (g: string) => n('text-field', { label: 'Phone', bind: `/${g}/phone`, inputType: 'tel' });
const textF = (g: string, key: string, label: string, extra: Props = {}) =>
  n('text-field', { label, bind: `/${g}/${key}`, ...extra });
const multi = (g: string, key: string, label: string) =>
  n('text-field', { label, bind: `/${g}/${key}`, multiline: true });
const check = (g: string, key: string, label: string) => n('checkbox', { label, bind: `/${g}/${key}` });
const opts = (labels: readonly string[]) => labels.map((l) => ({ value: slugOf(l), label: l }));
const sel = (g: string, key: string, label: string, labels: readonly string[]) =>
  n('select', { label, bind: `/${g}/${key}`, options: opts(labels) });
const num = (g: string, key: string, label: string, min: number, max: number) =>
  n('number-field', { label, bind: `/${g}/${key}`, min, max });
const date = (g: string, key: string, label: string, required = true) =>
  n('date-field', required ? { label, bind: `/${g}/${key}`, required: true } : { label, bind: `/${g}/${key}` });
const form = (action: string, submitLabel: string, children: TreeNode[]) =>
  n('form', { action, submitLabel }, children);
const heading = (text: string, level = 1) => n('heading', { text, level });
const para = (text: string, muted = false) => n('text', muted ? { text, tone: 'muted' } : { text });

/** A page: a heading and its parts in a stack, or the same parts in a titled card. */
function page(r: Rng, title: string, blurb: string | null, parts: TreeNode[]): TreeNode {
  const lead = blurb ? [para(blurb, true)] : [];
  if (chance(r, 0.35)) return n('card', { title }, [...lead, ...parts]);
  return n('stack', { gap: 'm' }, [heading(title), ...lead, ...parts]);
}

export interface Subject {
  phrase: string;
  name: string;
}
interface Sample {
  intent: string;
  cls: string;
  doc: TreeDoc;
  /** Trained on the layout's first tokens only (train.py --prefix-tokens): cheap lessons in which class a request asks for. */
  prefix?: boolean;
}
export interface IntentClass {
  name: string;
  /** Intent phrasings; `{s}` is the subject's phrase. */
  phrasings: string[];
  subjects: Subject[];
  fit: { needs: { type: string; props?: Props; min?: number }[] };
  build: (r: Rng, s: Subject) => TreeDoc;
}

const S = (phrase: string, name = cap(phrase)): Subject => ({ phrase, name });
const doc = (title: string, group: string | null, tree: TreeNode): TreeDoc =>
  group ? { version: 1, title, data: { [group]: {} }, tree } : { version: 1, title, tree };

const SHOPS = [
  S('bakery'),
  S('coffee roastery'),
  S('bike shop'),
  S('bookshop'),
  S('yoga studio'),
  S('garden centre'),
  S('pet store'),
  S('wine bar'),
  S('climbing gym'),
  S('record store'),
  S('flower shop'),
  S('tea house'),
  S('surf school'),
  S('ceramics studio'),
  S('music school'),
  S('cinema'),
];
const BLOGS = [
  S('travel blog'),
  S('cooking blog'),
  S('tech podcast'),
  S('local newspaper'),
  S('design studio'),
  S('running club'),
  S('photography blog'),
  S('startup'),
];

export const CLASSES: IntentClass[] = [
  {
    name: 'newsletter',
    phrasings: [
      'Newsletter signup for our {s}',
      'Let visitors subscribe to the {s} newsletter',
      'Email signup box for a {s}',
      'Join the mailing list of the {s}',
      'Subscribe form for {s} updates',
      'A form to get the {s} weekly email',
      'Collect emails for our {s} newsletter',
      'Sign up for news from the {s}',
      'Newsletter subscription with consent for a {s}',
      'Mailing list signup for my {s}',
      'Get people onto the {s} email list',
      'Weekly digest signup, {s}',
    ],
    subjects: [...SHOPS, ...BLOGS],
    fit: { needs: [{ type: 'form' }, { type: 'text-field', props: { inputType: 'email' } }] },
    build: (r, s) => {
      const g = 'signup';
      const fields = [email(g)];
      if (chance(r, 0.4)) fields.unshift(n('text-field', { label: 'First name', bind: `/${g}/name` }));
      if (chance(r, 0.3)) fields.push(sel(g, 'frequency', 'How often', ['Weekly', 'Monthly']));
      fields.push(
        check(
          g,
          'consent',
          pick(r, ['I agree to receive emails', 'Send me news and offers', 'I accept the privacy policy']),
        ),
      );
      const blurb = chance(r, 0.6)
        ? pick(r, [
            `News and offers from the ${s.phrase}, once a week.`,
            'No spam. Unsubscribe any time.',
            `Be the first to hear what is new at the ${s.phrase}.`,
          ])
        : null;
      return doc(
        `${s.name} newsletter`,
        g,
        page(r, `${s.name} newsletter`, blurb, [form('subscribe', pick(r, ['Subscribe', 'Sign up', 'Join']), fields)]),
      );
    },
  },
  {
    name: 'contact',
    phrasings: [
      'Contact form for a {s}',
      'Let customers send a message to the {s}',
      'Get in touch page for our {s}',
      'A contact us form, {s}',
      'Form to email the {s} team',
      'Contact page with name, email and message for a {s}',
      'Write to us form for the {s}',
      'Customer enquiry form for my {s}',
      'Ask a question form for a {s}',
      'Send us a message section for the {s}',
    ],
    subjects: [
      ...SHOPS,
      S('law firm'),
      S('dental practice'),
      S('architect office'),
      S('plumber'),
      S('web agency'),
      S('school'),
    ],
    fit: { needs: [{ type: 'form' }, { type: 'text-field', props: { multiline: true } }] },
    build: (r, s) => {
      const g = 'contact';
      const fields = [nameField(g), email(g)];
      if (chance(r, 0.4)) fields.push(phone(g));
      if (chance(r, 0.4))
        fields.push(
          sel(g, 'topic', 'Topic', some(r, ['General question', 'Orders', 'Opening hours', 'Something else'], 2)),
        );
      fields.push(multi(g, 'message', 'Message'));
      const parts: TreeNode[] = [form('send-message', pick(r, ['Send', 'Send message']), fields)];
      if (chance(r, 0.4))
        parts.push(
          n('link', {
            href: `mailto:hello@${slugOf(s.phrase).replace(/-/g, '')}.example`,
            text: 'Or email us directly',
          }),
        );
      return doc(
        `Contact the ${s.phrase}`,
        g,
        page(r, `Contact the ${s.phrase}`, chance(r, 0.5) ? 'We answer within one working day.' : null, parts),
      );
    },
  },
  {
    name: 'booking',
    phrasings: [
      'Book a {s}',
      'Reservation form for a {s}',
      'Let people reserve a {s}',
      'Booking form: {s}',
      'I want to book a {s}',
      'Online booking for a {s} with date and party size',
      'Schedule a {s}',
      'Reserve a {s} for a date',
      'Make a booking for a {s}',
      'Appointment form for a {s}',
      'Request a {s}',
    ],
    subjects: [
      S('table for dinner', 'Dinner table'),
      S('haircut'),
      S('massage'),
      S('tennis court'),
      S('hotel room'),
      S('dentist appointment'),
      S('guided tour'),
      S('cooking class'),
      S('car service'),
      S('photo shoot'),
      S('meeting room'),
      S('boat trip'),
      S('spa day'),
      S('piano lesson'),
    ],
    fit: { needs: [{ type: 'form' }, { type: 'date-field' }] },
    build: (r, s) => {
      const g = 'booking';
      const people = chance(r, 0.7);
      const fields: TreeNode[] = [nameField(g)];
      if (chance(r, 0.5))
        fields.push(
          n('grid', { columns: 2 }, [
            date(g, 'date', 'Date'),
            sel(g, 'time', 'Time', some(r, ['09:00', '11:00', '14:00', '16:30', '19:00'], 3)),
          ]),
        );
      else {
        fields.push(date(g, 'date', 'Date'));
        fields.push(sel(g, 'time', 'Time', some(r, ['Morning', 'Afternoon', 'Evening'], 2)));
      }
      if (people) fields.push(num(g, 'party', pick(r, ['Guests', 'People', 'Party size']), 1, pick(r, [4, 6, 8, 12])));
      fields.push(chance(r, 0.5) ? email(g) : phone(g));
      if (chance(r, 0.3)) fields.push(multi(g, 'notes', 'Notes'));
      return doc(
        `Book a ${s.phrase}`,
        g,
        page(r, `Book a ${s.phrase}`, chance(r, 0.4) ? 'Pick a date and we will confirm by email.' : null, [
          form('reserve', pick(r, ['Reserve', 'Book now', 'Request booking']), fields),
        ]),
      );
    },
  },
  {
    name: 'checkout',
    phrasings: [
      'Checkout address form for a {s}',
      'Shipping address step of the {s} checkout',
      'Delivery details form for my {s}',
      'Where should we ship your order, {s}',
      'Billing and shipping address for the {s}',
      'Collect a postal address at checkout, {s}',
      'Address form for online orders from a {s}',
      'Enter your delivery address, {s}',
      'Checkout form with address and country for a {s}',
    ],
    subjects: SHOPS,
    fit: { needs: [{ type: 'form' }, { type: 'select' }, { type: 'text-field', min: 3 }] },
    build: (r, s) => {
      const g = 'address';
      const fields: TreeNode[] = [
        n('text-field', { label: 'Full name', bind: `/${g}/name`, required: true }),
        textF(g, 'street', 'Street and number', { required: true }),
      ];
      fields.push(
        n('grid', { columns: 2 }, [
          textF(g, 'postcode', 'Postcode', { required: true }),
          textF(g, 'city', 'City', { required: true }),
        ]),
      );
      fields.push(
        sel(
          g,
          'country',
          'Country',
          some(r, ['United Kingdom', 'Ireland', 'France', 'Germany', 'Spain', 'Italy', 'Netherlands'], 3),
        ),
      );
      if (chance(r, 0.5)) fields.push(phone(g));
      if (chance(r, 0.5)) fields.push(check(g, 'billingSame', 'Billing address is the same'));
      const parts: TreeNode[] = [
        form(
          pick(r, ['save-address', 'checkout']),
          pick(r, ['Continue to payment', 'Save address', 'Continue']),
          fields,
        ),
      ];
      if (chance(r, 0.3))
        parts.unshift(n('callout', { text: 'Free delivery on orders over 40 pounds.', tone: 'success' }));
      return doc(
        'Delivery address',
        g,
        page(r, 'Delivery address', chance(r, 0.4) ? `Your ${s.phrase} order ships in 2 to 3 days.` : null, parts),
      );
    },
  },
  {
    name: 'login',
    phrasings: [
      'Login form for the {s}',
      'Sign in page for {s} members',
      'Log in to your {s} account',
      'Member login with remember me, {s}',
      'Let returning customers sign in to the {s}',
      'Account sign in for a {s}',
      'Login box with email and password for my {s}',
      'Customer portal login, {s}',
    ],
    subjects: [...SHOPS, ...BLOGS],
    fit: { needs: [{ type: 'form' }, { type: 'text-field', props: { inputType: 'email' } }] },
    build: (r, s) => {
      const g = 'login';
      const fields = [email(g), textF(g, 'password', 'Password', { required: true })];
      if (chance(r, 0.7)) fields.push(check(g, 'remember', 'Remember me'));
      const parts: TreeNode[] = [form('login', pick(r, ['Log in', 'Sign in']), fields)];
      if (chance(r, 0.6)) parts.push(n('link', { href: '/forgot-password', text: 'Forgot your password?' }));
      if (chance(r, 0.4)) parts.push(n('link', { href: '/signup', text: 'New here? Create an account' }));
      return doc(`Sign in to ${s.name}`, g, page(r, `Sign in to ${s.name}`, null, parts));
    },
  },
  {
    name: 'signup',
    phrasings: [
      'Create an account page for the {s}',
      'Sign up form for new {s} members',
      'Registration form for a {s}',
      'Let new customers register at the {s}',
      'Account signup with terms checkbox, {s}',
      'Join the {s}: create your account',
      'New member registration for my {s}',
      'Open an account at the {s}',
    ],
    subjects: [...SHOPS, ...BLOGS],
    fit: { needs: [{ type: 'form' }, { type: 'checkbox' }] },
    build: (r, s) => {
      const g = 'account';
      const fields = [nameField(g, 'Full name'), email(g), textF(g, 'password', 'Password', { required: true })];
      if (chance(r, 0.3)) fields.push(date(g, 'birthday', 'Date of birth', false));
      fields.push(check(g, 'terms', 'I accept the terms of use'));
      if (chance(r, 0.5)) fields.push(check(g, 'news', 'Send me the newsletter'));
      const parts: TreeNode[] = [form('signup', pick(r, ['Create account', 'Sign up', 'Register']), fields)];
      if (chance(r, 0.5)) parts.push(n('link', { href: '/login', text: 'Already a member? Sign in' }));
      return doc(
        `Join the ${s.phrase}`,
        g,
        page(r, `Join the ${s.phrase}`, chance(r, 0.4) ? 'It takes less than a minute.' : null, parts),
      );
    },
  },
  {
    name: 'settings',
    phrasings: [
      'Notification settings for {s} users',
      'Account settings page with checkboxes, {s}',
      'Preferences page for the {s} app',
      'Let users choose which {s} emails they get',
      'Privacy and notification preferences, {s}',
      'Settings screen with toggles for a {s}',
      'Manage your {s} preferences',
      'Email and SMS preferences for {s} customers',
    ],
    subjects: [...SHOPS, ...BLOGS],
    fit: { needs: [{ type: 'checkbox', min: 2 }] },
    build: (r, s) => {
      const g = 'settings';
      const notif = some(
        r,
        [
          check(g, 'emailNews', 'Email me news'),
          check(g, 'sms', 'Text me reminders'),
          check(g, 'digest', 'Weekly digest'),
          check(g, 'offers', 'Special offers'),
        ],
        2,
      );
      const privacy = some(
        r,
        [check(g, 'public', 'Show my profile publicly'), check(g, 'analytics', 'Allow usage analytics')],
        1,
      );
      const lang = sel(g, 'language', 'Language', some(r, ['English', 'French', 'German', 'Spanish'], 2));
      const title = `${s.name} settings`;
      if (chance(r, 0.5)) {
        const tree = n('tabs', undefined, [
          n('tab', { label: 'Notifications' }, [form('save-settings', 'Save', notif)]),
          n('tab', { label: 'Privacy' }, [form('save-settings', 'Save', privacy)]),
          n('tab', { label: 'Language' }, [form('save-settings', 'Save', [lang])]),
        ]);
        return doc(title, g, n('stack', { gap: 'm' }, [heading(title), tree]));
      }
      return doc(
        title,
        g,
        page(r, title, null, [
          form('save-settings', pick(r, ['Save', 'Save preferences']), [
            n('heading', { text: 'Notifications', level: 2 }),
            ...notif,
            n('heading', { text: 'Privacy', level: 2 }),
            ...privacy,
            lang,
          ]),
        ]),
      );
    },
  },
  {
    name: 'survey',
    phrasings: [
      'Customer satisfaction survey for a {s}',
      'Feedback survey with a rating for the {s}',
      'Short survey after a visit to the {s}',
      'How did we do? survey, {s}',
      'Questionnaire for {s} customers',
      'Rate your experience at the {s}',
      'Quick poll for visitors of the {s}',
      'Survey with dropdown questions for my {s}',
    ],
    subjects: [...SHOPS, S('hotel'), S('hospital'), S('airline'), S('conference'), S('online course'), S('restaurant')],
    fit: { needs: [{ type: 'form' }, { type: 'select' }] },
    build: (r, s) => {
      const g = 'survey';
      const fields = [sel(g, 'rating', 'Overall rating', ['Excellent', 'Good', 'Okay', 'Poor'])];
      if (chance(r, 0.6))
        fields.push(
          sel(
            g,
            'source',
            'How did you hear about us',
            some(r, ['Friends', 'Search engine', 'Social media', 'Walking by'], 2),
          ),
        );
      if (chance(r, 0.5)) fields.push(sel(g, 'again', 'Would you come back', ['Yes', 'Maybe', 'No']));
      fields.push(multi(g, 'comments', 'Comments'));
      if (chance(r, 0.4)) fields.push(check(g, 'contactMe', 'You may contact me about my answers'));
      return doc(
        `${s.name} survey`,
        g,
        page(r, `${s.name} survey`, chance(r, 0.6) ? 'Two minutes, four questions. Thank you!' : null, [
          form('submit-survey', 'Send answers', fields),
        ]),
      );
    },
  },
  {
    name: 'wizard',
    phrasings: [
      'Multi-step {s} wizard',
      'Step by step {s} form',
      'A {s} in three steps',
      'Wizard for a {s}',
      'Guide the user through a {s} in steps',
      'Split the {s} into steps with a progress bar',
      'Multi page {s} flow',
      'Onboarding style wizard: {s}',
      '{s} as a step-by-step process',
    ],
    subjects: [
      S('insurance quote'),
      S('job application'),
      S('account setup'),
      S('loan application'),
      S('trip planner'),
      S('gym membership signup'),
      S('car rental'),
      S('moving quote'),
      S('school enrolment'),
      S('volunteer registration'),
      S('pet adoption application'),
      S('visa application'),
    ],
    fit: { needs: [{ type: 'steps' }, { type: 'step', min: 2 }] },
    build: (r, s) => {
      const g = 'flow';
      const about = [nameField(g), email(g)];
      if (chance(r, 0.4)) about.push(phone(g));
      const detailPool = [
        date(g, 'start', 'Start date'),
        sel(g, 'plan', 'Plan', ['Basic', 'Standard', 'Premium']),
        num(g, 'count', 'How many', 1, 10),
        multi(g, 'notes', 'Anything else'),
        textF(g, 'city', 'City'),
      ];
      const details = some(r, detailPool, 2);
      const steps: TreeNode[] = [
        n('step', { title: pick(r, ['About you', 'Your details', 'Contact']) }, [form('next-step', 'Next', about)]),
        n('step', { title: pick(r, ['Details', 'Your choice', 'Options']) }, [form('next-step', 'Next', details)]),
      ];
      if (chance(r, 0.5))
        steps.push(
          n('step', { title: 'Extras' }, [
            form('next-step', 'Next', [check(g, 'extra', 'Add cover'), check(g, 'updates', 'Keep me updated')]),
          ]),
        );
      steps.push(
        n('step', { title: pick(r, ['Review', 'Confirm']) }, [
          para('Check your answers, then send.'),
          n('button', { label: 'Back', action: 'prev-step', variant: 'secondary' }),
          n('button', { label: 'Submit', action: 'submit', variant: 'primary' }),
        ]),
      );
      return doc(cap(s.phrase), g, n('stack', { gap: 'm' }, [heading(cap(s.phrase)), n('steps', undefined, steps)]));
    },
  },
  {
    name: 'dashboard',
    phrasings: [
      '{s} at a glance',
      'Dashboard of {s}',
      'Show {s} with key figures and a chart',
      'Overview of this month: {s}',
      'KPI dashboard for {s}',
      '{s} summary with stats',
      'A quick view of {s}',
      'Weekly report on {s}',
      'Key numbers for {s}',
      'Stats panel: {s}',
    ],
    subjects: [
      S('shop revenue'),
      S('website traffic'),
      S('support tickets'),
      S('fitness progress'),
      S('energy usage'),
      S('sales by region'),
      S('newsletter growth'),
      S('app downloads'),
      S('warehouse stock'),
      S('class attendance'),
      S('donations'),
      S('server health'),
    ],
    fit: { needs: [{ type: 'stat', min: 2 }] },
    build: (r, s) => {
      const labels: Record<string, string[]> = {
        'shop revenue': ['Revenue', 'Orders', 'Average order', 'Refunds'],
        'website traffic': ['Visitors', 'Page views', 'Bounce rate', 'Sign ups'],
        'support tickets': ['Open', 'Solved', 'Waiting', 'First reply'],
        'fitness progress': ['Workouts', 'Minutes', 'Calories', 'Streak'],
        'energy usage': ['Today', 'This week', 'Solar', 'Cost'],
        'sales by region': ['North', 'South', 'East', 'West'],
        'newsletter growth': ['Subscribers', 'Opens', 'Clicks', 'Unsubscribes'],
        'app downloads': ['Downloads', 'Active users', 'Rating', 'Crashes'],
        'warehouse stock': ['Items', 'Low stock', 'Incoming', 'Shipped'],
        'class attendance': ['Students', 'Present', 'Absent', 'Late'],
        donations: ['Raised', 'Donors', 'Average gift', 'Goal'],
        'server health': ['Uptime', 'Requests', 'Errors', 'Latency'],
      };
      const ls = (labels[s.phrase] ?? ['Total', 'Change', 'Average', 'Count']).slice(0, int(r, 2, 4));
      const stats = ls.map((label) =>
        n(
          'stat',
          chance(r, 0.5)
            ? { label, value: String(int(r, 3, 980) * 10), delta: `${pick(r, ['+', '-'])}${int(r, 1, 24)}%` }
            : { label, value: int(r, 2, 9000) },
        ),
      );
      const days = pick(r, [
        ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
        ['Jan', 'Feb', 'Mar', 'Apr'],
        ['W1', 'W2', 'W3', 'W4'],
      ]);
      const parts: TreeNode[] = [heading(cap(s.phrase)), n('grid', { columns: ls.length }, stats)];
      if (chance(r, 0.8))
        parts.push(
          n('chart', {
            kind: pick(r, ['bar', 'line']),
            series: days.map((label) => ({ label, value: int(r, 1, 120) })),
            title: 'Trend',
          }),
        );
      if (chance(r, 0.4))
        parts.push(
          n('table', {
            columns: [
              { key: 'name', label: 'Name' },
              { key: 'value', label: 'Value' },
            ],
            rows: some(r, ['Alpha', 'Beta', 'Gamma', 'Delta'], 2).map((name) => ({ name, value: int(r, 1, 500) })),
          }),
        );
      if (chance(r, 0.3)) parts.push(n('callout', { text: 'Figures update every hour.', tone: 'muted' }));
      return doc(cap(s.phrase), null, n('stack', { gap: 'm' }, parts));
    },
  },
  {
    name: 'faq',
    phrasings: [
      'FAQ page for a {s}',
      'Frequently asked questions about the {s}',
      'Help page with common questions, {s}',
      'Questions and answers for {s} customers',
      'FAQ with tabs by topic for my {s}',
      'Answer the usual questions about our {s}',
      'Help centre for a {s}',
      'Common questions section, {s}',
    ],
    subjects: [...SHOPS, S('hotel'), S('online course'), S('car rental'), S('summer camp')],
    fit: { needs: [{ type: 'tabs' }, { type: 'tab', min: 2 }] },
    build: (r, s) => {
      const pool: [string, string][] = [
        ['Orders', 'You can change an order within one hour of placing it.'],
        ['Delivery', 'We deliver in 2 to 3 working days.'],
        ['Returns', 'Returns are free within 30 days.'],
        ['Payment', 'We accept cards and bank transfer.'],
        ['Opening hours', 'We are open 9 to 6, Monday to Saturday.'],
        ['Accounts', 'You can delete your account at any time in settings.'],
      ];
      const tabs = some(r, pool, 2)
        .slice(0, 4)
        .map(([label, answer]) =>
          n(
            'tab',
            { label },
            chance(r, 0.5)
              ? [para(answer)]
              : [
                  para(answer),
                  n('list', { items: some(r, ['Read the guide', 'Check your email', 'Contact support'], 1) }),
                ],
          ),
        );
      const parts: TreeNode[] = [heading(`${s.name} FAQ`), n('tabs', undefined, tabs)];
      if (chance(r, 0.5)) parts.push(n('link', { href: '/contact', text: 'Still stuck? Contact us' }));
      return doc(`${s.name} FAQ`, null, n('stack', { gap: 'm' }, parts));
    },
  },
  {
    name: 'pricing',
    phrasings: [
      'Pricing cards for a {s}',
      'Plans and prices for the {s}',
      'Compare {s} plans side by side',
      'Pricing table with three tiers, {s}',
      'Show our {s} subscription plans',
      'Membership options for a {s}',
      'Price list cards for my {s}',
      'Choose a plan page for the {s}',
    ],
    subjects: [
      S('yoga studio'),
      S('climbing gym'),
      S('music school'),
      S('web hosting'),
      S('coworking space'),
      S('meal kit'),
      S('photo app'),
      S('language course'),
      S('email tool'),
      S('cloud storage'),
      S('dance school'),
      S('car wash'),
    ],
    fit: { needs: [{ type: 'grid' }, { type: 'card', min: 2 }] },
    build: (r, s) => {
      const names = pick(r, [
        ['Basic', 'Standard', 'Premium'],
        ['Starter', 'Pro', 'Team'],
        ['Monthly', 'Yearly'],
        ['Free', 'Plus', 'Business'],
      ]);
      const base = int(r, 3, 30);
      const cards = names.map((plan, i) =>
        n('card', { title: plan, subtitle: i === 0 && plan === 'Free' ? 'Free' : `${base * (i + 1)} per month` }, [
          n('list', {
            items: some(
              r,
              ['All classes', 'Priority support', 'Cancel any time', 'Unlimited use', 'Guest passes', 'Extra storage'],
              2,
            ).slice(0, 3),
          }),
          n('button', { label: `Choose ${plan}`, action: 'choose-plan', variant: i === 1 ? 'primary' : 'secondary' }),
        ]),
      );
      const parts: TreeNode[] = [heading(`${s.name} plans`)];
      if (chance(r, 0.5)) parts.push(para('Prices include tax. Change plans any time.', true));
      parts.push(n('grid', { columns: cards.length, gap: 'm' }, cards));
      return doc(`${s.name} plans`, null, n('stack', { gap: 'm' }, parts));
    },
  },
  {
    name: 'profile',
    phrasings: [
      'Profile card for a {s}',
      'Team member card: {s}',
      'About me card for a {s} with photo and link',
      'Show the {s} profile with picture',
      'Staff bio card for our {s}',
      'Author box for a {s}',
      'Meet the {s} card',
      'Speaker profile for a {s}',
    ],
    subjects: [
      S('photographer'),
      S('dentist'),
      S('chef'),
      S('software engineer'),
      S('yoga teacher'),
      S('architect'),
      S('therapist'),
      S('baker'),
      S('lawyer'),
      S('personal trainer'),
      S('illustrator'),
      S('piano teacher'),
    ],
    fit: { needs: [{ type: 'image' }, { type: 'link' }] },
    build: (r, s) => {
      const person = pick(r, [
        'Ada Moreau',
        'Sam Okafor',
        'Lena Park',
        'Tom Berg',
        'Maya Cohen',
        'Ravi Shah',
        'Ines Silva',
        'Noah Kim',
      ]);
      const kids: TreeNode[] = [
        n('image', { src: `/img/${slugOf(person)}.jpg`, alt: `Portrait of ${person}`, width: 160, height: 160 }),
        para(`${person} is a ${s.phrase} with ${int(r, 3, 20)} years of experience.`),
      ];
      if (chance(r, 0.5)) kids.push(n('badge', { text: pick(r, ['Available', 'Top rated', 'New']), tone: 'success' }));
      kids.push(
        n('link', {
          href: chance(r, 0.5)
            ? `mailto:${person.split(' ')[0]!.toLowerCase()}@example.com`
            : `https://example.com/${slugOf(person)}`,
          text: pick(r, ['Get in touch', 'See portfolio', 'Book a session']),
        }),
      );
      return doc(person, null, n('card', { title: person, subtitle: cap(s.phrase) }, kids));
    },
  },
  {
    name: 'order-status',
    phrasings: [
      'Order status page for a {s} order',
      'Show where my {s} order is',
      'Track your {s} delivery',
      'Order confirmation with status, {s}',
      'Shipping status card for a {s} purchase',
      'Your {s} order has shipped page',
      'Delivery tracking for {s} customers',
      'Order summary with status badge, {s}',
    ],
    subjects: SHOPS,
    fit: { needs: [{ type: 'badge' }, { type: 'callout' }] },
    build: (r, s) => {
      const [status, tone, note] = pick(r, [
        ['Shipped', 'success', 'Your parcel is on its way.'],
        ['Processing', 'warning', 'We are packing your order.'],
        ['Delivered', 'success', 'Your parcel was delivered.'],
        ['Delayed', 'danger', 'Your parcel is late. Sorry!'],
      ] as const);
      const num = int(r, 10000, 99999);
      const kids: TreeNode[] = [n('badge', { text: status, tone }), n('callout', { title: status, text: note, tone })];
      if (chance(r, 0.6))
        kids.push(n('list', { items: some(r, ['1 x Gift card', '2 x Tote bag', '1 x Poster', '3 x Candle'], 1) }));
      if (chance(r, 0.6)) kids.push(n('link', { href: `/orders/${num}/track`, text: 'Track parcel' }));
      return doc(`Order ${num}`, null, n('card', { title: `Order ${num}`, subtitle: `${s.name} order` }, kids));
    },
  },
  {
    name: 'search',
    phrasings: [
      'Search form for the {s}',
      'Find items in the {s}',
      'Search box with filters for a {s}',
      'Let visitors search the {s}',
      'Filter and search page, {s}',
      'Product search for my {s}',
      'Look up something in the {s} catalogue',
      'Advanced search for the {s}',
    ],
    subjects: [...SHOPS, S('library'), S('job board'), S('recipe site'), S('real estate site')],
    fit: { needs: [{ type: 'form', props: { action: 'search' } }, { type: 'text-field' }] },
    build: (r, s) => {
      const g = 'query';
      const fields: TreeNode[] = [textF(g, 'text', 'Search', { placeholder: `Search the ${s.phrase}` })];
      if (chance(r, 0.6)) fields.push(sel(g, 'category', 'Category', some(r, ['All', 'New', 'Popular', 'On sale'], 2)));
      if (chance(r, 0.4)) fields.push(num(g, 'maxPrice', 'Max price', 0, 1000));
      if (chance(r, 0.4)) fields.push(check(g, 'inStock', 'Only in stock'));
      return doc(
        `Search the ${s.phrase}`,
        g,
        page(r, `Search the ${s.phrase}`, null, [form('search', 'Search', fields)]),
      );
    },
  },
  {
    name: 'rsvp',
    phrasings: [
      'RSVP form for a {s}',
      'Event registration for the {s}',
      'Let guests reply to the {s} invitation',
      'Sign up to attend the {s}',
      'Will you come to the {s}? form',
      'Guest list form for our {s}',
      'Register for the {s} with date',
      'Invitation reply card for a {s}',
    ],
    subjects: [
      S('wedding'),
      S('summer party'),
      S('book launch'),
      S('charity run'),
      S('tech meetup'),
      S('open day'),
      S('workshop'),
      S('gala dinner'),
      S('reunion'),
      S('garden party'),
      S('webinar'),
      S('film night'),
    ],
    fit: { needs: [{ type: 'form' }, { type: 'select' }] },
    build: (r, s) => {
      const g = 'rsvp';
      const fields: TreeNode[] = [nameField(g), email(g), sel(g, 'attending', 'Will you come', ['Yes', 'Maybe', 'No'])];
      if (chance(r, 0.6)) fields.push(num(g, 'guests', 'Guests with you', 0, pick(r, [2, 4, 5])));
      if (chance(r, 0.5)) fields.push(date(g, 'day', 'Which day', false));
      if (chance(r, 0.3)) fields.push(textF(g, 'diet', 'Dietary needs'));
      const when = `${pick(r, ['Saturday', 'Friday', 'Sunday'])} ${int(r, 1, 28)} ${pick(r, ['May', 'June', 'July', 'September'])}`;
      return doc(
        `${s.name} RSVP`,
        g,
        n('card', { title: cap(s.phrase), subtitle: when }, [
          para(pick(r, ['Please reply by the end of the month.', 'We would love to see you there.'])),
          form('rsvp', 'Reply', fields),
        ]),
      );
    },
  },
  {
    name: 'support',
    phrasings: [
      'Support ticket form for the {s}',
      'Report a problem with the {s}',
      'Help desk request form, {s}',
      'Open a support case for a {s}',
      'Bug report form for our {s}',
      'Ask support about the {s}',
      'Complaint form for a {s}',
      'Technical support request for my {s}',
    ],
    subjects: [
      S('web shop'),
      S('mobile app'),
      S('printer'),
      S('internet service'),
      S('booking system'),
      S('smart thermostat'),
      S('video course'),
      S('accounting tool'),
    ],
    fit: { needs: [{ type: 'form' }, { type: 'select' }, { type: 'text-field', props: { multiline: true } }] },
    build: (r, s) => {
      const g = 'ticket';
      const fields = [
        email(g),
        textF(g, 'subject', 'Subject', { required: true }),
        sel(g, 'priority', 'Priority', ['Low', 'Normal', 'Urgent']),
        multi(g, 'description', 'What happened'),
      ];
      if (chance(r, 0.4))
        fields.splice(3, 0, sel(g, 'area', 'Area', some(r, ['Billing', 'Login', 'Performance', 'Other'], 2)));
      const parts: TreeNode[] = [form('open-ticket', 'Send request', fields)];
      if (chance(r, 0.4))
        parts.unshift(n('callout', { text: 'Most requests are answered within 4 hours.', tone: 'default' }));
      return doc(`${s.name} support`, g, page(r, `${s.name} support`, null, parts));
    },
  },
  {
    name: 'job-application',
    phrasings: [
      'Job application form for a {s}',
      'Apply for the {s} position',
      'Careers form: {s} role',
      'Let candidates apply as a {s}',
      'Application page for our {s} vacancy',
      'We are hiring a {s}: application form',
      'Send your CV for the {s} job',
      'Recruitment form for a {s}',
    ],
    subjects: [
      S('barista'),
      S('web developer'),
      S('nurse'),
      S('sales assistant'),
      S('delivery driver'),
      S('teacher'),
      S('designer'),
      S('accountant'),
      S('chef'),
      S('receptionist'),
    ],
    fit: { needs: [{ type: 'form' }, { type: 'text-field', props: { inputType: 'url' } }] },
    build: (r, s) => {
      const g = 'application';
      const fields = [
        nameField(g, 'Full name'),
        email(g),
        n('text-field', { label: 'Link to your CV', bind: `/${g}/cv`, inputType: 'url', required: true }),
        date(g, 'start', 'Earliest start date', false),
      ];
      if (chance(r, 0.5)) fields.push(sel(g, 'hours', 'Hours', ['Full time', 'Part time']));
      if (chance(r, 0.5)) fields.push(multi(g, 'letter', 'Why you'));
      return doc(
        `${cap(s.phrase)} job`,
        g,
        page(r, `Apply: ${s.phrase}`, chance(r, 0.5) ? 'We read every application and reply within a week.' : null, [
          form('apply', 'Send application', fields),
        ]),
      );
    },
  },
];

/** Held-out intents written by hand, in words no template uses: the eval's test of paraphrase. */
const FREE_FORM: [string, string][] = [
  ['I run a small bakery and want people to get our weekly specials by email', 'newsletter'],
  ['Put a box on the blog where readers can leave their email for updates', 'newsletter'],
  ['People should be able to message our plumbing business from the website', 'contact'],
  ['Customers need a way to reach the shop owner with questions', 'contact'],
  ['Guests want to reserve a kayak for a Saturday morning', 'booking'],
  ['Our salon needs online appointments with a date', 'booking'],
  ['Ask the buyer for their street, town, postcode and country before payment', 'checkout'],
  ['Members should be able to enter the site with their email and password', 'login'],
  ['New visitors need a way to make an account and agree to the rules', 'signup'],
  ['Let people switch off marketing emails and text reminders', 'settings'],
  ['After each delivery ask the customer how it went with a few dropdowns', 'survey'],
  ['Break the mortgage application into several screens', 'wizard'],
  ['Walk a new tenant through moving in, one screen at a time', 'wizard'],
  ['How is the online store doing this month, revenue and orders', 'dashboard'],
  ['Give the clinic manager the numbers for today: patients seen, waiting, cancelled', 'dashboard'],
  ['Answers to the questions campers and parents always ask, by topic', 'faq'],
  ['Three membership levels for the swimming pool with prices', 'pricing'],
  ['A card introducing our head chef with a photo and a link to her page', 'profile'],
  ['Tell the customer their parcel from the toy shop is delayed', 'order-status'],
  ['Let shoppers look for shoes by keyword and category', 'search'],
  ['Collect replies for the office Christmas party and how many are coming', 'rsvp'],
  ['Users of our app need to report a bug and say how urgent it is', 'support'],
  ['Candidates for the gardener job should send a link to their CV', 'job-application'],
];

/** The phrasings and subjects kept out of training, per class: about 10-20% of each. */
export function heldOutParts(c: IntentClass): { phrasings: Set<string>; subjects: Set<string> } {
  const k = Math.max(1, Math.round(c.phrasings.length * 0.15));
  return { phrasings: new Set(c.phrasings.slice(-k)), subjects: new Set(c.subjects.slice(-1).map((s) => s.phrase)) };
}

export const intentText = (phrasing: string, s: Subject) => {
  const t = phrasing.replace('{s}', s.phrase);
  return t[0]!.toUpperCase() + t.slice(1);
};

// How people ask around the request itself; a generator of its own, so adding wrappers leaves the
// layouts and the held-out split exactly as they were.
const OPENERS = ['I need ', 'Please build ', 'Can you make ', 'Make ', 'Create ', 'We want ', 'Add ', 'Show '];
const CLOSERS = [' please', ' for our website', ' on the homepage', ' on one page', ', simple and clean'];
function wrap(r: Rng, intent: string): string {
  let t = intent;
  if (chance(r, 0.35)) t = pick(r, OPENERS) + t[0]!.toLowerCase() + t.slice(1);
  if (chance(r, 0.25)) t += pick(r, CLOSERS);
  return t;
}

const normalized = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The intents of the eval's other held-out sets (eval/model-heldout-N.json), which training must not repeat. */
function otherEvalIntents(): string[] {
  const dir = join(ROOT, 'eval');
  return readdirSync(dir)
    .filter((f) => /^model-heldout-\d+\.json$/.test(f))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { intent: string }[]).map((x) => x.intent));
}

function gateProblems(sample: Sample): string[] {
  const text = toModelText(sample.doc);
  if (!/^[\x20-\x7e]*$/.test(sample.intent)) return ['intent is not printable ASCII'];
  // The model's own text, read back the way the engine reads it: parsed, flattened, gated.
  const flat = flattenTree(JSON.parse(text), DEFAULT_LIMITS);
  if (!flat.ok) return flat.issues.map((i) => `${i.code} ${i.path} ${i.message}`);
  const r = runGates(flat.layout);
  return r.ok
    ? []
    : r.issues.map((i) => `${i.code} ${i.path} ${i.message}`).concat(text.length > 2000 ? ['too long'] : []);
}

interface Args {
  out: string;
  from?: string;
  heldout: string;
  perClass: number;
  extraPerClass: number;
  prefixPerClass: number;
  perRequest: number;
  classes?: string[];
}
function args(): Args {
  const a = process.argv.slice(2);
  const get = (k: string) => {
    const i = a.indexOf(k);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return {
    out: get('--out') ?? join(ROOT, 'scripts', 'train', 'work'),
    from: get('--from'),
    heldout: get('--heldout') ?? join(ROOT, 'eval', 'model-heldout.json'),
    perClass: Number(get('--per-class') ?? 260),
    extraPerClass: Number(get('--extra-per-class') ?? 700),
    prefixPerClass: Number(get('--prefix-per-class') ?? 600),
    perRequest: Number(get('--per-request') ?? 6),
    ...(get('--classes') ? { classes: get('--classes')!.split(',') } : {}),
  };
}

/** Accepted layouts from the tuning dataset (DatasetRow JSONL): rows rated up whose layout passes the gates. */
function fromTuning(file: string): Sample[] {
  const out: Sample[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { prompt?: string | null; layout?: unknown; feedback?: { rating: string }[] };
    if (
      !row.prompt ||
      !row.layout ||
      !row.feedback?.some((f) => f.rating === 'up') ||
      row.feedback.some((f) => f.rating === 'down')
    )
      continue;
    const intent = row.prompt.replace(/\s+/g, ' ').trim().slice(0, 200);
    const tree = fromFlat(row.layout);
    if (!tree || !/^[\x20-\x7e]+$/.test(intent)) continue;
    const sample = { intent, cls: 'tuning', doc: tree };
    // A layout the output text cannot carry (non-ASCII, quotes, long decimals) is left out.
    try {
      if (!gateProblems(sample).length) out.push(sample);
    } catch {
      /* not writable in the model's text */
    }
  }
  return out;
}

/** A flat layout document as the nested form (ids dropped), or null when it is not a tree. */
function fromFlat(layout: unknown): TreeDoc | null {
  const l = layout as {
    version?: number;
    title?: string;
    root?: string;
    data?: Record<string, unknown>;
    nodes?: { id: string; type: string; props?: Props; children?: string[] }[];
  };
  if (l?.version !== 1 || typeof l.root !== 'string' || !Array.isArray(l.nodes)) return null;
  const byId = new Map(l.nodes.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const walk = (id: string): TreeNode | null => {
    const x = byId.get(id);
    if (!x || seen.has(id)) return null;
    seen.add(id);
    const kids = x.children?.map(walk);
    if (kids?.some((k) => k === null)) return null;
    return n(x.type, x.props, kids as TreeNode[] | undefined);
  };
  const tree = walk(l.root);
  if (!tree) return null;
  const d: TreeDoc = { version: 1 };
  if (l.title) d.title = l.title;
  if (l.data) d.data = l.data;
  d.tree = tree;
  return d;
}

function main() {
  const a = args();
  const unknown = a.classes?.filter((n) => !CLASSES.some((c) => c.name === n)) ?? [];
  if (unknown.length) throw new Error(`--classes names no such class: ${unknown.join(', ')}`);
  // --classes: a model that knows only some kinds of page (the downshift replay's base model).
  const classes = a.classes ? CLASSES.filter((c) => a.classes!.includes(c.name)) : CLASSES;
  const r = seededRandom(SEED);
  const wrapR = seededRandom(SEED + 1);
  const train: Sample[] = [];
  const valid: Sample[] = [];
  const heldout: { intent: string; class: string; fit: IntentClass['fit'] }[] = [];
  const problems: string[] = [];
  const heldoutTexts = new Set<string>();
  for (const c of classes) {
    const held = heldOutParts(c);
    const trainPhr = c.phrasings.filter((p) => !held.phrasings.has(p));
    const trainSub = c.subjects.filter((s) => !held.subjects.has(s.phrase));
    for (let i = 0; i < a.perClass; i++) {
      const s = pick(r, trainSub);
      const sample = { intent: wrap(wrapR, intentText(pick(r, trainPhr), s)), cls: c.name, doc: c.build(r, s) };
      const p = gateProblems(sample);
      if (p.length) problems.push(`${c.name}: ${sample.intent}: ${p.join('; ')}`);
      else train.push(sample);
    }
    // Held out: every held-out phrasing with a seen subject, and the held-out subject with a seen phrasing.
    const evalIntents = new Set<string>();
    for (const p of held.phrasings) evalIntents.add(intentText(p, pick(r, trainSub)));
    for (const sp of held.subjects)
      evalIntents.add(intentText(pick(r, trainPhr), c.subjects.find((s) => s.phrase === sp)!));
    if (evalIntents.size < 3)
      evalIntents.add(intentText([...held.phrasings][0]!, c.subjects.find((s) => held.subjects.has(s.phrase))!));
    for (const intent of evalIntents) {
      heldout.push({ intent, class: c.name, fit: c.fit });
      const sp = c.subjects.find((s) => intent.toLowerCase().includes(s.phrase)) ?? c.subjects[0]!;
      valid.push({ intent, cls: c.name, doc: c.build(r, sp) });
    }
  }
  const fits = new Map(classes.map((c) => [c.name, c.fit]));
  for (const [intent, cls] of FREE_FORM) if (fits.has(cls)) heldout.push({ intent, class: cls, fit: fits.get(cls)! });
  for (const h of heldout) heldoutTexts.add(h.intent.toLowerCase());
  // More ways of asking (scripts/train/phrasings.ts), from generators of their own so everything
  // above stays as it was: more subjects, thing names, purposes, sentences, casual and terse forms.
  // No held-out subject of any class, and no request with a held-out phrasing's words.
  const heldSubjects = new Set(CLASSES.flatMap((c) => [...heldOutParts(c).subjects]));
  const extraR = seededRandom(SEED + 2);
  let extra = 0;
  let prefix = 0;
  for (const c of classes) {
    const held = heldOutParts(c);
    const v = VARIETY[c.name];
    if (!v) throw new Error(`no phrasing variety for class ${c.name}`);
    const trainPhr = c.phrasings.filter((p) => !held.phrasings.has(p));
    const pool = [...c.subjects, ...v.subjects].filter((s) => !heldSubjects.has(s.phrase));
    v.generic = v.generic.filter((s) => !heldSubjects.has(s.phrase));
    for (let i = 0; i < a.extraPerClass + a.prefixPerClass; i++) {
      let intent = '';
      let s = pick(extraR, pool);
      for (let tries = 0; tries < 20; tries++) {
        s = pick(extraR, pool);
        if (chance(extraR, 0.2)) intent = wrap(extraR, intentText(pick(extraR, trainPhr), s));
        else {
          const got = varied(extraR, v, s);
          s = got.subject;
          intent = chance(extraR, 0.2) ? wrap(extraR, got.text) : got.text;
        }
        if (!heldOutClash(intent, held.phrasings) && !heldoutTexts.has(intent.toLowerCase())) break;
        intent = '';
      }
      if (!intent) continue;
      const isPrefix = i >= a.extraPerClass;
      const sample: Sample = { intent, cls: c.name, doc: c.build(extraR, s), ...(isPrefix ? { prefix: true } : {}) };
      const p = gateProblems(sample);
      if (p.length) problems.push(`${c.name}: ${sample.intent}: ${p.join('; ')}`);
      else {
        train.push(sample);
        if (isPrefix) prefix++;
        else extra++;
      }
    }
  }
  // Requests written the way people write them (scripts/train/requests.json), by writers who read
  // neither the templates nor any held-out set; each is trained with `--per-request` layouts of its
  // class built on generic subjects, every other one a prefix row. A request that repeats a held-out
  // intent of any eval set (case and punctuation aside) or a held-out phrasing's words is left out.
  const requests = JSON.parse(readFileSync(join(HERE, 'requests.json'), 'utf8')) as Record<string, string[]>;
  const evalTexts = new Set([...heldoutTexts, ...otherEvalIntents()].map(normalized));
  const reqR = seededRandom(SEED + 3);
  let written = 0;
  let refused = 0;
  let read = 0;
  for (const c of classes) {
    const held = heldOutParts(c);
    const v = VARIETY[c.name]!;
    const list = requests[c.name];
    read += list?.length ?? 0;
    if (!list?.length) throw new Error(`scripts/train/requests.json has no requests for class ${c.name}`);
    for (const text of list) {
      const intent = text.replace(/\s+/g, ' ').trim();
      if (evalTexts.has(normalized(intent)) || heldOutClash(intent, held.phrasings)) {
        refused++;
        continue;
      }
      for (let k = 0; k < a.perRequest; k++) {
        const isPrefix = k % 2 === 1;
        const sample: Sample = {
          intent,
          cls: c.name,
          doc: c.build(reqR, pick(reqR, v.generic)),
          ...(isPrefix ? { prefix: true } : {}),
        };
        const p = gateProblems(sample);
        if (p.length) problems.push(`${c.name}: ${sample.intent}: ${p.join('; ')}`);
        else {
          train.push(sample);
          written++;
        }
      }
    }
  }
  if (a.from) train.push(...fromTuning(a.from));
  // Fixed order, shuffled once with the seed, so training sees classes interleaved.
  for (let i = train.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [train[i], train[j]] = [train[j]!, train[i]!];
  }
  const seenIntents = new Set(train.map((s) => s.intent.toLowerCase()));
  const leaked = heldout.filter((h) => seenIntents.has(h.intent.toLowerCase()));
  if (leaked.length) throw new Error(`held-out intents appear in training: ${leaked.map((h) => h.intent).join(', ')}`);
  if (problems.length) {
    console.error(problems.slice(0, 20).join('\n'));
    throw new Error(`${problems.length} samples fail the gates`);
  }

  mkdirSync(a.out, { recursive: true });
  const line = (s: Sample) =>
    JSON.stringify({ intent: s.intent, class: s.cls, text: toModelText(s.doc), ...(s.prefix ? { prefix: true } : {}) });
  writeFileSync(join(a.out, 'train.jsonl'), train.map(line).join('\n') + '\n');
  writeFileSync(join(a.out, 'valid.jsonl'), valid.map(line).join('\n') + '\n');
  writeFileSync(a.heldout, JSON.stringify(heldout, null, 1) + '\n');
  const full = train.filter((s) => !s.prefix);
  const chars = full.reduce((t, s) => t + toModelText(s.doc).length, 0);
  const unique = new Set(train.map((s) => s.intent)).size;
  const summary = {
    classes: classes.length,
    train: train.length,
    extra,
    prefix,
    requests: written,
    requestsRead: read,
    requestsRefused: refused,
    perRequest: a.perRequest,
    uniqueIntents: unique,
    valid: valid.length,
    heldout: heldout.length,
    layoutChars: chars,
    meanChars: Math.round(chars / full.length),
    maxChars: Math.max(...full.map((s) => toModelText(s.doc).length)),
  };
  writeFileSync(join(a.out, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  console.log(JSON.stringify(summary));
}

// Run as a script it writes the dataset; imported (the downshift eval) it only lends its classes.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
