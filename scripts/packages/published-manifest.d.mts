// Types of published-manifest.mjs (plain JavaScript, so that prepack runs on Node alone).

/** The `exports` condition the workspace resolves to the TypeScript sources. */
export declare const sourceCondition: string

/** The manifest as published, from the workspace one (`versions`: each workspace package's version, by name). */
export declare function publishedManifest(
  workspace: Record<string, unknown>,
  versions: ReadonlyMap<string, string>,
): Record<string, unknown>

/** Every file path the manifest points users' tools at (`exports`, `main`, `module`, `types`, `bin`, `unpkg`, ...). */
export declare function pointedFiles(manifest: object): string[]
