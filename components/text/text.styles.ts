import { css } from 'lit';

// Tones are mixed toward the text colour so they keep 4.5:1 contrast as body text.
export const textStyles = css`
  :host { display: block; --_tone: var(--_text); }
  p { margin: 0; line-height: 1.55; white-space: pre-line; overflow-wrap: anywhere; color: color-mix(in srgb, var(--_tone) 80%, var(--_text)); }
`;
