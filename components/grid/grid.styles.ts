import { css } from 'lit';

// The host is a size container, so the grid follows the width it is given, not the window's.
export const gridStyles = css`
  :host { display: block; container-type: inline-size; }
  .grid { display: grid; gap: var(--_gap, var(--_space-m)); grid-template-columns: repeat(var(--_cols), minmax(0, 1fr)); }
  .grid[data-columns='auto'] { grid-template-columns: repeat(auto-fit, minmax(min(12rem, 100%), 1fr)); }
  .grid[data-columns='1'] { --_cols: 1; }
  .grid[data-columns='2'] { --_cols: 2; }
  .grid[data-columns='3'] { --_cols: 3; }
  .grid[data-columns='4'] { --_cols: 4; }
  .grid[data-columns='5'] { --_cols: 5; }
  .grid[data-columns='6'] { --_cols: 6; }
  .grid[data-gap='none'] { --_gap: 0; }
  .grid[data-gap='s'] { --_gap: var(--_space-s); }
  .grid[data-gap='l'] { --_gap: var(--_space-l); }
  @container (max-width: 720px) { .grid:is([data-columns='4'], [data-columns='5'], [data-columns='6']) { --_cols: 2; } }
  @container (max-width: 480px) { .grid:not([data-columns='auto']) { --_cols: 1; } }
`;
