import { css } from 'lit';

export const stepsStyles = css`
  :host { display: block; }
  .progress { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; margin: 0 0 var(--_space-l); padding: 0; list-style: none; counter-reset: none; }
  li { display: flex; align-items: center; gap: 0.5rem; font-size: 0.9rem; color: var(--_muted); }
  .marker {
    display: inline-grid; place-items: center; width: 1.6rem; height: 1.6rem; border-radius: 50%;
    font-size: 0.8rem; font-weight: 700; border: 2px solid var(--_border); background: var(--_bg);
  }
  li[data-state='current'] { color: var(--_text); font-weight: 600; }
  li[data-state='current'] .marker { border-color: var(--_accent); background: var(--_accent); color: var(--_accent-text); }
  li[data-state='done'] .marker { border-color: var(--_accent); color: var(--_accent); }
`;
