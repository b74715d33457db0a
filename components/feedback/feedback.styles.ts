import { css } from 'lit';

export const feedbackStyles = css`
  :host { display: block; }
  .base { display: grid; gap: var(--_space-s); }
  .row { display: flex; align-items: center; gap: var(--_space-s); flex-wrap: wrap; }
  .question { font-size: 0.9rem; color: var(--_muted); }
  .thumb { min-width: 2.75rem; padding-inline: 0.8rem; font-size: 1.1rem; }
  .thumb[aria-pressed='true'] { --_btn-bg: var(--_accent); --_btn-fg: var(--_accent-text); --_btn-border: var(--_accent); }
  textarea {
    font: inherit; color: var(--_text); background: var(--_bg); width: 100%; min-height: 4rem; resize: vertical;
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.75); padding: 0.5rem 0.7rem;
  }
  .status { font-size: 0.85rem; color: var(--_muted); min-height: 1.2em; }
`;
