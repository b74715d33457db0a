import { css } from 'lit';

// [role='tab'] max-width: a long label wraps inside its tab.
export const tabsStyles = css`
  :host { display: block; }
  [role='tablist'] { display: flex; gap: 0.25rem; overflow-x: auto; border-bottom: 1px solid var(--_border); }
  [role='tab'] {
    font: inherit; font-weight: 600; font-size: 0.95rem; color: var(--_muted); background: none; cursor: pointer;
    border: 0; border-bottom: 2px solid transparent; margin-bottom: -1px; padding: 0.6rem 0.9rem;
    flex: none; max-width: min(100%, 16em);
    border-radius: calc(var(--_radius) * 0.5) calc(var(--_radius) * 0.5) 0 0;
  }
  [role='tab']:hover { color: var(--_text); }
  [role='tab'][aria-selected='true'] { color: var(--_accent); border-bottom-color: var(--_accent); }
  .panels { padding-top: var(--_space-m); }
`;
