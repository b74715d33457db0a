import { css } from 'lit';

export const switchStyles = css`
  .row { display: flex; align-items: center; justify-content: space-between; gap: var(--_space-m); }
  label { font-weight: 400; font-size: 1rem; cursor: pointer; line-height: 1.45; }
  input[role='switch'] {
    appearance: none; flex: none; margin: 0; padding: 0; width: 2.75rem; min-height: 0; height: 1.5rem;
    border: 0; border-radius: 999px; cursor: pointer;
    background: radial-gradient(circle closest-side, #fff 0 82%, transparent 86%) no-repeat left / 1.5rem 1.5rem, var(--_border);
    transition: background-position 0.15s, background-color 0.15s;
  }
  input[role='switch']:checked { background-position: right; background-color: var(--_accent); }
  @media (prefers-reduced-motion: reduce) { input[role='switch'] { transition: none; } }
`;
