import { css } from 'lit';

export const selectStyles = css`
  select {
    appearance: none; padding-inline-end: 2rem; cursor: pointer;
    background-image: linear-gradient(45deg, transparent 50%, currentColor 50%), linear-gradient(135deg, currentColor 50%, transparent 50%);
    background-position: calc(100% - 1.05rem) 55%, calc(100% - 0.75rem) 55%;
    background-size: 0.3rem 0.3rem; background-repeat: no-repeat;
  }
`;
