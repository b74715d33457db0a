import { css } from 'lit';

export const surfaceStyles = css`
  :host {
    display: block;
    color-scheme: var(--jig-color-scheme, light dark);
    font-family: var(--jig-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--jig-color-text, light-dark(#1d1f24, #e6e8ee));
    line-height: 1.5;
    container-type: inline-size;
  }
  [hidden] { display: none !important; }
  .notice {
    padding: var(--jig-space-m, 1rem);
    border: 1px dashed var(--jig-color-border, light-dark(#d9dce3, #3a3f4b));
    border-radius: var(--jig-radius, 8px);
    color: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5));
  }
  :host([streaming]) ::slotted(.jig-layout[data-draft]) { min-height: var(--jig-stream-min-height, 0); }
`;
