import { css } from 'lit';

export const listStyles = css`
  :host { display: block; }
  ul, ol { margin: 0; padding-inline-start: 1.4em; line-height: 1.5; }
  li + li { margin-top: 0.25em; }
  li::marker { color: var(--_muted); }
`;
