// The Custom Elements Manifest, generated from the components' sources by vite.config.ts.
declare module 'virtual:jig-manifest' {
  export interface ManifestEntry {
    name: string;
    description?: string;
    type?: { text: string };
  }
  export interface ManifestElement {
    tagName: string;
    summary?: string;
    events?: ManifestEntry[];
    cssParts?: ManifestEntry[];
    cssProperties?: ManifestEntry[];
    slots?: ManifestEntry[];
  }
  /** Every element of the manifest, by tag. */
  export const elements: Record<string, ManifestElement>;
}
