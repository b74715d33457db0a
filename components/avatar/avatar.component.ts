import { html } from 'lit';
import { state } from 'lit/decorators.js';
import type { AvatarProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { avatarStyles } from './avatar.styles.js';

const graphemes =
  typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** First character people see (a whole emoji or accented letter, not half of one). */
function firstGrapheme(word: string): string {
  if (graphemes) for (const { segment } of graphemes.segment(word)) return segment;
  return Array.from(word)[0] ?? '';
}

/** "Ada King Lovelace" → "AL"; one word → its first letter. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '';
  const first = firstGrapheme(words[0]!);
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1]!) : '';
  return (first + last).toLocaleUpperCase();
}

/**
 * @summary A person's picture in a circle, or their initials when there is no `src` or the picture fails
 * to load. Either way it is an image named by `name`. `src` has passed the URL policy (an image URL).
 * @csspart base - The circle (`data-size` s, m or l). @csspart image - The `<img>`. @csspart initials - The initials.
 * @cssproperty --jig-color-accent - Initials colour (its tint is the background). @cssproperty --jig-avatar-size - Overrides the size.
 */
export class JigAvatar extends JigElement<AvatarProps> {
  static override styles = [...JigElement.styles, avatarStyles];

  /** The src that failed to load; a new src gets its own try. */
  @state() private failed: string | null = null;

  override render() {
    const { name, src, size = 'm' } = this.props;
    const picture = src && src !== this.failed;
    return html`<span part="base" class="avatar" data-size=${size}>${
      picture
        ? html`<img part="image" src=${src} alt=${name} decoding="async" @error=${() => {
            this.failed = src;
          }} />`
        : html`<span part="initials" role="img" aria-label=${name}>${initials(name)}</span>`
    }</span>`;
  }
}
