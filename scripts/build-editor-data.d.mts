// Types of build-editor-data.mjs, for vite.config.ts.
export interface Manifest {
  schemaVersion: string;
  modules: unknown[];
}
export function componentManifest(): Manifest;
export function elements(manifest: Manifest): Array<{ tagName: string; [key: string]: unknown }>;
export function vscodeData(manifest: Manifest): { version: number; tags: unknown[] };
export function writeEditorData(): Promise<void>;
