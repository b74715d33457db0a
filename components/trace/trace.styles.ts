import { css } from 'lit';

export const traceStyles = css`
  :host {
    display: block;
    font-family: var(--jig-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: 0.875rem;
    color: var(--jig-color-text, light-dark(#1d1f24, #e6e8ee));
    color-scheme: var(--jig-color-scheme, light dark);
  }
  .summary { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-block-end: 0.5rem; }
  .summary strong { font-weight: 600; }
  .empty { color: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5)); }
  ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
  ol > li { display: grid; grid-template-columns: 5.5rem 5.5rem 1fr; gap: 0.5rem; align-items: baseline; padding: 0.25rem 0.5rem; border-radius: var(--jig-radius, 6px); background: var(--jig-color-surface-2, light-dark(#f5f6f8, #23262d)); }
  .at { font-variant-numeric: tabular-nums; color: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5)); }
  .station { font-weight: 600; text-transform: lowercase; }
  .station[data-station='cache'] { color: var(--jig-trace-cache, light-dark(#0a7a5a, #6fd3b0)); }
  .station[data-station='browser'] { color: var(--jig-trace-browser, light-dark(#1f5fbf, #8ab4ff)); }
  .station[data-station='premium'] { color: var(--jig-trace-premium, light-dark(#8a4b00, #ffc070)); }
  .station[data-station='fallback'] { color: var(--jig-trace-fallback, light-dark(#a11d2b, #ff8f9a)); }
  ol > li[data-ok='true'] > span > .what::before { content: '✓ '; color: var(--jig-color-success, light-dark(#0a7a3a, #6fdc9a)); }
  ol > li[data-ok='false'] > span > .what::before { content: '✗ '; color: var(--jig-color-danger, light-dark(#b3261e, #ff8a80)); }
  .detail { display: block; color: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5)); overflow-wrap: anywhere; }
  .issues { margin: 0.125rem 0 0; padding-inline-start: 1rem; color: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5)); }
`;
