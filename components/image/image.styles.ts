import { css } from 'lit';

export const imageStyles = css`
  :host { display: block; }
  img { display: block; max-width: 100%; height: auto; border-radius: var(--_radius); }
`;
