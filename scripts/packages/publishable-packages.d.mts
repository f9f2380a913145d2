// Types of publishable-packages.mjs (plain JavaScript, so that it runs before the install).

/** The repository's root folder (ends with `/`). */
export declare const repoRoot: string

export interface PublishablePackage {
  /** Relative to the root, e.g. `packages/browser`. */
  dir: string
  /** Its package.json, as in the workspace. */
  manifest: Record<string, unknown> & { name: string; version: string }
}

/** Every `packages/<name>` whose package.json is not `"private": true`, sorted by folder. */
export declare function publishablePackages(): PublishablePackage[]
