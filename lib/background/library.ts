/** Registers the background side of the saved-post library (save/unsave messages, context menus). */
export function registerLibrary(): void {}
