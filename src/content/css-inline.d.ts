/** Vite's `?inline` CSS import: the stylesheet as a string, minified in the build (vite.config.ts: minify). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
