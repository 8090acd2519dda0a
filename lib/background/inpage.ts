/** Registers the background side of in-page reading (toolbar action, injection on request). */
export function registerInPage(): void {}
