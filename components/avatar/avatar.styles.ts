import { css } from 'lit';

export const avatarStyles = css`
  :host { display: inline-block; vertical-align: middle; }
  .avatar {
    display: inline-grid; place-items: center; overflow: hidden; border-radius: 50%;
    width: var(--jig-avatar-size, var(--_size)); height: var(--jig-avatar-size, var(--_size));
    background: color-mix(in srgb, var(--_accent) 16%, var(--_bg)); color: color-mix(in srgb, var(--_accent) 70%, var(--_text));
    font-weight: 700; font-size: calc(var(--jig-avatar-size, var(--_size)) * 0.4); line-height: 1; user-select: none;
  }
  .avatar[data-size='s'] { --_size: 2rem; }
  .avatar[data-size='m'] { --_size: 2.75rem; }
  .avatar[data-size='l'] { --_size: 4rem; }
  img { width: 100%; height: 100%; object-fit: cover; display: block; }
`;
