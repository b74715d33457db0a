import { css } from 'lit';

export const linkStyles = css`
  :host { display: inline; }
  a { color: var(--_accent); text-decoration: underline; text-underline-offset: 0.15em; border-radius: 2px; overflow-wrap: anywhere; }
  a:hover { text-decoration-thickness: 2px; }
  [part='external'] { font-size: 0.85em; margin-inline-start: 0.15em; }
`;
