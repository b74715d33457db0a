// The drawings of Jig's icon set: 24×24 stroked paths, drawn by <jig-icon> in its own shadow root.
// Loaded with the first icon on a page, in a chunk of its own, so pages without icons never carry it.
import type { IconName } from '../../src/catalog/builtin.js';

const ring = (cx: number, cy: number, r: number) =>
  `M${cx + r} ${cy}a${r} ${r} 0 1 1-${2 * r} 0a${r} ${r} 0 1 1 ${2 * r} 0z`;
const CIRCLE = ring(12, 12, 9);

/** Each icon as one or more path `d` strings; round caps turn a zero-length segment into a dot. */
export const ICON_PATHS: Record<IconName, readonly string[]> = {
  check: ['M5 12.5l4.5 4.5L19 7'],
  x: ['M6 6l12 12M18 6L6 18'],
  plus: ['M12 5v14M5 12h14'],
  minus: ['M5 12h14'],
  'chevron-up': ['M6 15l6-6 6 6'],
  'chevron-down': ['M6 9l6 6 6-6'],
  'chevron-left': ['M15 6l-6 6 6 6'],
  'chevron-right': ['M9 6l6 6-6 6'],
  'arrow-left': ['M19 12H5M11 6l-6 6 6 6'],
  'arrow-right': ['M5 12h14M13 6l6 6-6 6'],
  search: [ring(11, 11, 6), 'M15.5 15.5L20 20'],
  info: [CIRCLE, 'M12 11v5.5', 'M12 7.5v.01'],
  warning: ['M12 3.5L2.5 20h19z', 'M12 10v4.5', 'M12 17.2v.01'],
  error: [CIRCLE, 'M12 7v6', 'M12 16.5v.01'],
  success: [CIRCLE, 'M8 12.5l2.8 2.8L16 9.5'],
  star: ['M12 3.3l2.4 6.3 6.6.3-5.2 4.1 1.8 6.5-5.6-3.7-5.6 3.7 1.8-6.5L3 9.9l6.6-.3z'],
  heart: ['M12 20s-7.5-4.6-8.8-9.4A4.6 4.6 0 0 1 12 7.4a4.6 4.6 0 0 1 8.8 3.2C19.5 15.4 12 20 12 20z'],
  home: ['M3 11l9-7 9 7', 'M5.5 9.5V20h13V9.5', 'M10 20v-6h4v6'],
  user: [ring(12, 8, 4), 'M4 21a8 8 0 0 1 16 0'],
  calendar: ['M4 6h16v15H4z', 'M4 10.5h16', 'M8 3v5M16 3v5'],
  clock: [CIRCLE, 'M12 7v5l3.5 2'],
  mail: ['M3 6h18v12H3z', 'M3.5 7l8.5 6 8.5-6'],
  phone: ['M6 3h3l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v3a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2z'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13', 'M10 11v6M14 11v6'],
  edit: ['M4 20l1-4.5L16 4.5l3.5 3.5-11 11z', 'M13.5 7l3.5 3.5'],
  download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
  upload: ['M12 16V5', 'M7 10l5-5 5 5', 'M5 20h14'],
  'external-link': ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
  menu: ['M4 6h16M4 12h16M4 18h16'],
  lock: ['M5 11h14v10H5z', 'M8 11V8a4 4 0 0 1 8 0v3'],
  'map-pin': ['M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12z', ring(12, 9, 2.5)],
  cart: ['M3 4h2.5l2.5 11h10.5L21 8H6.6', ring(9.5, 19.5, 1.2), ring(17.5, 19.5, 1.2)],
  bell: ['M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z', 'M10 21h4'],
  settings: ['M4 7h10M18 7h2M4 17h2M10 17h10', ring(16, 7, 2), ring(8, 17, 2)],
  filter: ['M4 5h16l-6 7.5V19l-4-2v-4.5z'],
  refresh: ['M19.5 13a7.5 7.5 0 1 1-2.2-6.3', 'M20 4v5h-5'],
};
