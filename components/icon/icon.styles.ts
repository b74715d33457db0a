import { css } from 'lit';

// An icon takes the colour of the text around it (a link, a callout), unlike other components.
export const iconStyles = css`
  :host { display: inline-flex; vertical-align: middle; line-height: 0; color: inherit; }
  svg {
    width: var(--jig-icon-size, var(--_size)); height: var(--jig-icon-size, var(--_size)); flex: none;
    fill: none; stroke: currentColor; stroke-width: var(--jig-icon-stroke, 2); stroke-linecap: round; stroke-linejoin: round;
  }
  svg[data-size='s'] { --_size: 1rem; }
  svg[data-size='m'] { --_size: 1.25rem; }
  svg[data-size='l'] { --_size: 1.75rem; }
  svg[data-tone]:not([data-tone='muted']):not([data-tone='default']) { color: var(--_tone); }
`;
