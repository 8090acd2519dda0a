import { browser } from 'wxt/browser';
import type { Post } from './model';
import { type ImageDeps, originPatterns, postImageUrls } from './store/images';

/**
 * Image fetching for saves in any Lens context (background, side panel, reader): only from origins Lens holds host
 * permission for, the LessWrong family or an image origin the reader granted; without it the image stays remote.
 */
export function browserImageDeps(): ImageDeps {
  return {
    fetch: (...args) => fetch(...args),
    allowedOrigins: async (origins) => {
      const granted = await Promise.all(
        origins.map((o) => browser.permissions.contains({ origins: [`${o}/*`] }).catch(() => false)),
      );
      return new Set(origins.filter((_, i) => granted[i]));
    },
  };
}

/**
 * Asks the browser for host access to the origins of a post's images. Call it synchronously inside the click handler
 * (Firefox and Chrome accept `permissions.request` only during a user gesture); resolves false when refused or failed.
 */
export function requestImageAccess(post: Pick<Post, 'html' | 'footnotes'>): Promise<boolean> {
  const origins = originPatterns(postImageUrls(post));
  if (origins.length === 0) return Promise.resolve(true);
  try {
    return browser.permissions.request({ origins }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}
