import { css } from 'lit';

export const dividerStyles = css`
  :host { display: block; }
  hr { border: 0; border-top: 1px solid var(--_border); margin: var(--_space-s) 0; }
`;
