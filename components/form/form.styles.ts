import { css } from 'lit';

export const formStyles = css`
  :host { display: block; }
  .form { display: grid; grid-template-columns: minmax(0, 1fr); gap: var(--_space-l); }
  .body { display: grid; grid-template-columns: minmax(0, 1fr); gap: var(--_space-m); }
  .body ::slotted(*) { min-width: 0; }
  .actions { display: flex; justify-content: flex-start; gap: var(--_space-s); }
`;
