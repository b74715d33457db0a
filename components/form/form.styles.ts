import { css } from 'lit';

export const formStyles = css`
  :host { display: block; }
  .form { display: grid; gap: var(--_space-l); }
  .body { display: grid; gap: var(--_space-m); }
  .body ::slotted(*) { min-width: 0; }
  .actions { display: flex; justify-content: flex-start; gap: var(--_space-s); }
`;
