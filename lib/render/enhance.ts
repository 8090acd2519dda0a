// The content script (entrypoints/lens.content/) and the reader page (entrypoints/reader/deps.ts), other branches'
// files, still import footnote previews from here; they live in lib/inpage/enhance.ts (a render helper never imports
// lib/inpage/). Delete this file once those imports point there.
export { enhancePage, enhancePost } from '../inpage/enhance';
