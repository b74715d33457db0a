// Theme tokens shared by every component. Sites set the public `--jig-*` properties; each
// component reads the private `--_*` copies, which carry light and dark defaults.
import { css } from 'lit';

// (Comments live out here, not in the CSS, which ships as written.) overflow-wrap: text from a
// model may hold a long unbroken run (a URL, an id): it breaks anywhere rather than push the page
// sideways, and "anywhere" lets flex and grid items shrink around it.
export const themeStyles = css`
  :host {
    --_font: var(--jig-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_text: var(--jig-color-text, light-dark(#1d1f24, #e6e8ee));
    --_muted: var(--jig-color-muted, light-dark(#5d6370, #a2a8b5));
    --_bg: var(--jig-color-bg, light-dark(#ffffff, #16181d));
    --_surface: var(--jig-color-surface, light-dark(#f6f7f9, #1f2229));
    --_border: var(--jig-color-border, light-dark(#d9dce3, #3a3f4b));
    --_accent: var(--jig-color-accent, light-dark(#3b5bdb, #8ea6ff));
    --_accent-text: var(--jig-color-accent-text, light-dark(#ffffff, #10131a));
    --_success: var(--jig-color-success, light-dark(#237a35, #69db7c));
    --_warning: var(--jig-color-warning, light-dark(#b35c00, #ffc078));
    --_danger: var(--jig-color-danger, light-dark(#c92a2a, #ff8787));
    --_radius: var(--jig-radius, 8px);
    --_space-s: var(--jig-space-s, 0.5rem);
    --_space-m: var(--jig-space-m, 1rem);
    --_space-l: var(--jig-space-l, 1.5rem);
    --_focus: var(--jig-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  :host([hidden]) { display: none !important; }
  *, *::before, *::after { box-sizing: inherit; }
  :focus-visible { outline: none; box-shadow: var(--_focus); }
  [data-tone='muted'] { color: var(--_muted); }
  [data-tone='success'] { --_tone: var(--_success); }
  [data-tone='warning'] { --_tone: var(--_warning); }
  [data-tone='danger'] { --_tone: var(--_danger); }
`;

/** Labels, inputs and help text shared by the form fields. */
export const fieldStyles = css`
  :host { display: block; }
  .field { display: grid; gap: 0.3rem; }
  label { font-size: 0.9rem; font-weight: 600; }
  .req { color: var(--_danger); margin-inline-start: 0.15em; }
  input, textarea, select {
    font: inherit; color: var(--_text); background: var(--_bg);
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.75);
    padding: 0.55rem 0.7rem; min-height: 2.5rem; width: 100%;
  }
  textarea { min-height: 5rem; resize: vertical; }
  input:focus-visible, textarea:focus-visible, select:focus-visible { border-color: var(--_accent); }
  :host([invalid]) input, :host([invalid]) textarea, :host([invalid]) select { border-color: var(--_danger); }
  .error { color: var(--_danger); font-size: 0.85rem; min-height: 0; }
`;

/** Buttons: jig-button and the submit button of jig-form. Variant via `data-variant`. */
export const buttonStyles = css`
  .btn {
    --_btn-bg: var(--_accent); --_btn-fg: var(--_accent-text); --_btn-border: transparent;
    font: inherit; font-size: 0.95rem; font-weight: 600; line-height: 1.2;
    display: inline-flex; align-items: center; justify-content: center; gap: 0.4em;
    min-height: 2.5rem; padding: 0.55rem 1.1rem; cursor: pointer;
    color: var(--_btn-fg); background: var(--_btn-bg);
    border: 1px solid var(--_btn-border); border-radius: calc(var(--_radius) * 0.75);
    transition: background-color 0.15s;
  }
  .btn:hover { background: color-mix(in srgb, var(--_btn-bg) 86%, var(--_text)); }
  .btn:active { transform: translateY(1px); }
  .btn[data-variant='secondary'] { --_btn-bg: var(--_bg); --_btn-fg: var(--_text); --_btn-border: var(--_border); }
  .btn[data-variant='danger'] { --_btn-bg: var(--_danger); }
`;

/** Hidden on screen, still read by assistive technology. */
export const srOnlyStyles = css`
  .sr-only {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
    overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
`;
