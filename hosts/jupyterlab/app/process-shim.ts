// What some packages expect of Node's `process` in a browser (path-browserify calls cwd(); React
// and others read NODE_ENV); ../build.mjs injects it where a bundled module uses `process`.
export const process = { cwd: (): string => "/", env: { NODE_ENV: "production" } as Record<string, string>, platform: "browser" };
