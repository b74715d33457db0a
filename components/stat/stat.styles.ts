import { css } from 'lit';

export const statStyles = css`
  :host { display: block; }
  .stat { display: grid; gap: 0.15rem; }
  .label { font-size: 0.875rem; color: var(--_muted); }
  .value { font-size: 1.75rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
  .delta { font-size: 0.875rem; font-weight: 600; }
  .delta[data-trend='up'] { color: color-mix(in srgb, var(--_success) 80%, var(--_text)); }
  .delta[data-trend='down'] { color: color-mix(in srgb, var(--_danger) 80%, var(--_text)); }
  .delta[data-trend='flat'] { color: var(--_muted); }
`;
