import { css } from 'lit';

export const radioGroupStyles = css`
  fieldset { margin: 0; padding: 0; border: 0; min-width: 0; display: grid; gap: 0.4rem; }
  legend { padding: 0; margin-block-end: 0.3rem; font-size: 0.9rem; font-weight: 600; }
  .options { display: flex; flex-direction: column; gap: 0.4rem; }
  .options[data-direction='row'] { flex-direction: row; flex-wrap: wrap; gap: 0.4rem 1.25rem; }
  .option { display: inline-flex; align-items: center; gap: 0.5rem; cursor: pointer; line-height: 1.45; font-size: 1rem; font-weight: 400; }
  input[type='radio'] { width: 1.1rem; height: 1.1rem; min-height: 0; margin: 0; padding: 0; flex: none; accent-color: var(--_accent); cursor: pointer; }
  input[type='radio']:focus-visible { box-shadow: var(--_focus); border-radius: 50%; }
  :host([invalid]) legend { color: var(--_danger); }
`;
