import { JigAvatar } from './avatar.component.js';

export { JigAvatar };
JigAvatar.define('jig-avatar');

declare global {
  interface HTMLElementTagNameMap {
    'jig-avatar': JigAvatar;
  }
}
