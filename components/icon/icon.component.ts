import { html, nothing, svg } from 'lit';
import type { IconName, IconProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { iconStyles } from './icon.styles.js';

type Paths = Readonly<Record<IconName, readonly string[]>>;

// One table for every icon on the page, fetched once from the page's own bundle (no network
// request to anyone else, no font, no sprite). A failed load is forgotten so the next icon retries.
let paths: Paths | undefined;
let loading: Promise<Paths> | undefined;

function loadPaths(): Promise<Paths> {
  loading ??= import('./icon.paths.js').then(
    (m) => (paths = m.ICON_PATHS),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/**
 * @summary A symbol from Jig's icon set, drawn as inline SVG in the text colour (or its tone).
 * With a `label` it is an image with that name; without one it is decoration, hidden from screen readers.
 * The drawings load with the first icon on the page; `updateComplete` waits for them.
 * @csspart base - The `<svg>`, with `data-size` s, m or l.
 * @cssproperty --jig-icon-size - Overrides the size. @cssproperty --jig-icon-stroke - Line width (default 2).
 * @cssproperty --jig-color-success - Colour for tone success (also warning, danger, muted).
 */
export class JigIcon extends JigElement<IconProps> {
  static override styles = [...JigElement.styles, iconStyles];

  /** Loads the drawings ahead of the first icon, e.g. while a layout streams in. */
  static preload(): Promise<void> {
    return loadPaths().then(() => undefined);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    if (!paths) {
      // Drawn blank (keeping its size and name) when the table cannot load; the element stays usable.
      const loaded = await loadPaths().then(
        () => true,
        () => false,
      );
      if (loaded) this.requestUpdate();
    }
    return super.getUpdateComplete();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!paths) void this.updateComplete;
  }

  override render() {
    const { name, label, size = 'm', tone } = this.props;
    // Own keys only: a name such as "constructor" must draw nothing, not reach into Object.
    const d = paths && Object.hasOwn(paths, name) ? paths[name] : [];
    return html`<svg part="base" viewBox="0 0 24 24" focusable="false" data-size=${size} data-tone=${tone ?? nothing}
      role=${label ? 'img' : nothing} aria-label=${label || nothing} aria-hidden=${label ? nothing : 'true'}>${d.map((p) => svg`<path d=${p}></path>`)}</svg>`;
  }
}
