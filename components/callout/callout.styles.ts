import { css } from 'lit';

export const calloutStyles = css`
  :host { display: block; --_tone: var(--_accent); }
  .callout {
    padding: 0.75rem 1rem; border-radius: var(--_radius);
    border: 1px solid color-mix(in srgb, var(--_tone) 35%, var(--_border));
    border-inline-start: 4px solid var(--_tone);
    background: color-mix(in srgb, var(--_tone) 8%, var(--_bg));
  }
  .callout[data-tone='muted'] { --_tone: var(--_muted); color: inherit; }
  .title { display: block; margin-bottom: 0.2rem; }
  p { margin: 0; line-height: 1.5; white-space: pre-line; overflow-wrap: anywhere; }
`;
