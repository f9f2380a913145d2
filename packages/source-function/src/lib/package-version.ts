declare const __PACKAGE_VERSION__: string | undefined

/** This package's version, written in by the build from package.json (`0.0.0-source` when run from the sources). */
export const packageVersion: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source'
