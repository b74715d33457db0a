import { css } from 'lit';

export const modelStatusStyles = css`
  :host { display: block; }
  .base { display: grid; gap: var(--_space-s); padding: var(--_space-m); border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); }
  .head { display: flex; flex-wrap: wrap; gap: var(--_space-s); align-items: baseline; }
  .engine { font-weight: 600; }
  .size, .reason, .skipped { color: var(--_muted); font-size: 0.9rem; margin: 0; }
  .note { margin: 0; font-size: 0.9rem; padding-left: var(--_space-s); border-left: 3px solid var(--_warning); }
  .bar { display: grid; gap: 0.25rem; }
  .bar label { font-size: 0.85rem; color: var(--_muted); }
  progress { width: 100%; height: 0.75rem; accent-color: var(--_accent); }
  .status { margin: 0; min-height: 1.2em; }
  .error { margin: 0; color: var(--_danger); }
  .error code { font-weight: 600; }
  .actions { display: flex; gap: var(--_space-s); }
  button { font: inherit; padding: 0.35rem 0.9rem; border-radius: var(--_radius); border: 1px solid var(--_border); background: var(--_bg); color: var(--_text); cursor: pointer; }
  button.primary { background: var(--_accent); color: var(--_accent-text); border-color: var(--_accent); }
  details { font-size: 0.9rem; color: var(--_muted); }
  ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
`;
