import { css } from 'lit';

export const checkboxStyles = css`
  .row { display: flex; align-items: flex-start; gap: 0.55rem; }
  input[type='checkbox'] { width: 1.15rem; height: 1.15rem; min-height: 0; margin: 0.15rem 0 0; padding: 0; flex: none; accent-color: var(--_accent); cursor: pointer; }
  label { font-weight: 400; font-size: 1rem; cursor: pointer; line-height: 1.45; }
`;
