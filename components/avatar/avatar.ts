import { JigAvatar } from './avatar.component.js';

export { JigAvatar };
if (!customElements.get('jig-avatar')) customElements.define('jig-avatar', JigAvatar);

declare global {
  interface HTMLElementTagNameMap {
    'jig-avatar': JigAvatar;
  }
}
