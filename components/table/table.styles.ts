import { css } from 'lit';

export const tableStyles = css`
  :host { display: block; }
  .scroll { overflow-x: auto; border: 1px solid var(--_border); border-radius: var(--_radius); }
  table { width: 100%; border-collapse: collapse; font-size: 0.925rem; }
  th, td { padding: 0.5rem 0.75rem; text-align: start; vertical-align: top; border-bottom: 1px solid var(--_border); }
  th { font-weight: 600; background: var(--_surface); }
  tbody tr:nth-child(even) { background: color-mix(in srgb, var(--_surface) 70%, var(--_bg)); }
  tbody tr:last-child td { border-bottom: 0; }
  .num { text-align: end; font-variant-numeric: tabular-nums; }
`;
