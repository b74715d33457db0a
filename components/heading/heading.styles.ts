import { css } from 'lit';

export const headingStyles = css`
  :host { display: block; }
  h1, h2, h3, h4 { margin: 0; line-height: 1.25; font-weight: 700; letter-spacing: -0.01em; text-wrap: balance; }
  h1 { font-size: 1.75rem; }
  h2 { font-size: 1.375rem; }
  h3 { font-size: 1.125rem; font-weight: 650; }
  h4 { font-size: 1rem; font-weight: 650; }
`;
