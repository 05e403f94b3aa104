/**
 * Where the build cache is kept, relative to the project: one entry per page's
 * content address. A module of its own: the CLI looks for the folder before it
 * loads the build.
 */
export const buildCacheDir = ".designpress-cache/build";
