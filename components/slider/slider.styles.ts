import { css } from 'lit';

export const sliderStyles = css`
  .head { display: flex; align-items: baseline; justify-content: space-between; gap: var(--_space-s); }
  output { font-variant-numeric: tabular-nums; color: var(--_muted); font-size: 0.9rem; }
  input[type='range'] {
    margin: 0; padding: 0; border: 0; min-height: 1.75rem; background: transparent; accent-color: var(--_accent); cursor: pointer;
  }
  input[type='range']:focus-visible { box-shadow: none; outline: 2px solid var(--_accent); outline-offset: 2px; border-radius: 4px; }
`;
