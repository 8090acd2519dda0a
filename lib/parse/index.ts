export { parseDocument } from './document';
export { parseText } from './text';
