import { css } from 'lit';

export const progressStyles = css`
  :host { display: block; }
  .progress { display: grid; gap: 0.35rem; }
  .head { display: flex; justify-content: space-between; gap: var(--_space-s); font-size: 0.9rem; }
  [part='label'] { font-weight: 600; }
  [part='value'] { color: var(--_muted); font-variant-numeric: tabular-nums; }
  progress {
    --_fill: var(--_accent); appearance: none; display: block; width: 100%; height: 0.6rem; border: 0;
    border-radius: 999px; overflow: hidden; background: var(--_surface); box-shadow: inset 0 0 0 1px var(--_border); color: var(--_fill);
  }
  progress[data-tone]:not([data-tone='default']):not([data-tone='muted']) { --_fill: var(--_tone); }
  progress[data-tone='muted'] { --_fill: var(--_muted); }
  progress::-webkit-progress-bar { background: transparent; }
  progress::-webkit-progress-value { background: var(--_fill); border-radius: 999px; transition: inline-size 0.3s; }
  progress::-moz-progress-bar { background: var(--_fill); border-radius: 999px; }
  @media (prefers-reduced-motion: reduce) { progress::-webkit-progress-value { transition: none; } }
`;
