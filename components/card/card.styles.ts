import { css } from 'lit';

export const cardStyles = css`
  :host { display: block; }
  .card {
    display: grid; align-content: start; height: 100%; gap: var(--_space-m); padding: var(--_space-m) calc(var(--_space-m) * 1.25);
    background: var(--_bg); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
    box-shadow: 0 1px 2px color-mix(in srgb, var(--_text) 6%, transparent);
  }
  .header { display: grid; gap: 0.2rem; }
  h3 { margin: 0; font-size: 1.1rem; font-weight: 650; line-height: 1.3; }
  .header p { margin: 0; color: var(--_muted); font-size: 0.9rem; }
  .body { display: grid; gap: var(--_space-m); }
  .body ::slotted(*) { min-width: 0; }
`;
