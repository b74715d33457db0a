import { css } from 'lit';

export const stackStyles = css`
  :host { display: block; }
  .stack { display: flex; flex-direction: column; gap: var(--_gap, var(--_space-m)); }
  .stack[data-direction='row'] { flex-direction: row; flex-wrap: wrap; align-items: center; }
  .stack[data-gap='none'] { --_gap: 0; }
  .stack[data-gap='s'] { --_gap: var(--_space-s); }
  .stack[data-gap='l'] { --_gap: var(--_space-l); }
  .stack[data-align='start'] { align-items: flex-start; }
  .stack[data-align='center'] { align-items: center; }
  .stack[data-align='end'] { align-items: flex-end; }
  .stack[data-align='stretch'] { align-items: stretch; }
`;
