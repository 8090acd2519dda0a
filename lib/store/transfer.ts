// The reader page (entrypoints/reader/App.tsx, another branch's area) still imports the library's backup from here;
// it lives in lib/export/backup.ts (export reads the store, not the other way). Delete this file once App.tsx imports
// from there.
export { exportLibrary, type ImportReport, importLibrary } from '../export/backup';
