import { css } from 'lit';

export const dialogStyles = css`
  :host { display: block; }
  dialog {
    padding: 0; border: 1px solid var(--_border); border-radius: var(--_radius);
    background: var(--_bg); color: var(--_text);
    width: min(var(--jig-dialog-width, 36rem), calc(100vw - 2rem)); max-height: calc(100dvh - 2rem);
    box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.25);
  }
  dialog::backdrop { background: var(--jig-dialog-backdrop, rgb(10 12 16 / 0.5)); }
  .frame { padding: var(--_space-m) var(--_space-l) var(--_space-l); display: grid; gap: var(--_space-m); }
  .header { display: flex; align-items: center; justify-content: space-between; gap: var(--_space-m); }
  h2 { margin: 0; font-size: 1.2rem; line-height: 1.3; }
  .close {
    flex: none; display: inline-grid; place-items: center; width: 2.25rem; height: 2.25rem; padding: 0;
    border: 0; border-radius: 50%; background: transparent; color: var(--_muted); cursor: pointer;
  }
  .close:hover { background: var(--_surface); color: var(--_text); }
  .close svg { width: 1.25rem; height: 1.25rem; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; }
  .body { display: grid; gap: var(--_space-m); }
`;
