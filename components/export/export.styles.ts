import { css } from 'lit';

export const exportStyles = css`
  :host { display: block; }
  .base { display: grid; gap: var(--_space-s); }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space-s) var(--_space-m); margin: 0; }
  legend { font-size: 0.9rem; font-weight: 600; padding-inline: 0.3em; }
  .row { display: flex; flex-wrap: wrap; gap: var(--_space-s); align-items: end; }
  label { display: grid; gap: 0.2rem; font-size: 0.85rem; }
  .types { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
  .types label { display: inline-flex; gap: 0.35rem; align-items: center; font-size: 0.85rem; }
  input[type='datetime-local'] {
    font: inherit; color: var(--_text); background: var(--_bg); padding: 0.35rem 0.5rem;
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.75);
  }
  .status { font-size: 0.85rem; color: var(--_muted); min-height: 1.2em; }
  .btn[disabled] { opacity: 0.6; cursor: progress; }
`;
