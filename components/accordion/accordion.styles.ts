import { css } from 'lit';

export const accordionStyles = css`
  :host { display: block; border-block-end: 1px solid var(--_border); }
  summary {
    display: flex; align-items: center; justify-content: space-between; gap: var(--_space-m);
    padding: 0.8rem 0.25rem; cursor: pointer; list-style: none; font-weight: 600; border-radius: calc(var(--_radius) * 0.5);
  }
  summary::-webkit-details-marker { display: none; }
  summary:hover { background: var(--_surface); }
  svg { width: 1.25rem; height: 1.25rem; flex: none; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; transition: transform 0.15s; }
  details[open] svg { transform: rotate(180deg); }
  .body { display: grid; gap: var(--_space-m); padding: 0.25rem 0.25rem var(--_space-m); }
  @media (prefers-reduced-motion: reduce) { svg { transition: none; } }
`;
