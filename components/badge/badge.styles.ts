import { css } from 'lit';

export const badgeStyles = css`
  :host { display: inline-block; max-width: 100%; --_tone: var(--_muted); }
  .badge {
    display: inline-block; padding: 0.15em 0.6em; border-radius: 999px;
    font-size: 0.8rem; font-weight: 600; line-height: 1.4; max-width: 100%;
    color: color-mix(in srgb, var(--_tone) 75%, var(--_text));
    background: color-mix(in srgb, var(--_tone) 14%, var(--_bg));
    border: 1px solid color-mix(in srgb, var(--_tone) 30%, transparent);
  }
`;
