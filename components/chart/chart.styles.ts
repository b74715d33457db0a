import { css } from 'lit';

// svg overflow: a label longer than its room is cut at the drawing's edge rather than widen the page.
export const chartStyles = css`
  :host { display: block; }
  figure { margin: 0; position: relative; }
  figcaption { font-weight: 600; margin-bottom: 0.5rem; }
  svg { display: block; width: 100%; height: auto; overflow: hidden; }
  .axis { stroke: var(--_border); stroke-width: 1; }
  .baseline { stroke: var(--_muted); }
  .label { fill: var(--_muted); font-size: 12px; font-family: var(--_font); }
  .value { fill: var(--_text); font-weight: 600; }
  .bar { fill: var(--_accent); }
  .line { fill: none; stroke: var(--_accent); stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
  .point { fill: var(--_bg); stroke: var(--_accent); stroke-width: 2; }
`;
