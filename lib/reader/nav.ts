/** A post the reader can step to: where it goes and what it is called. */
export type NavTarget = { id: string; title: string };

/**
 * The previous and next posts around the one being read, in whatever list it was opened from (the library's order,
 * or a sequence): the post view's `[` and `]` keys and its footer links step through this.
 */
export type PostNav = { prev?: NavTarget; next?: NavTarget; label?: string };

/** The neighbours of `id` in an ordered list (none when it is not in it). */
export function neighbours(list: readonly NavTarget[], id: string, label?: string): PostNav {
  const i = list.findIndex((t) => t.id === id);
  if (i < 0) return {};
  const out: PostNav = {};
  if (i > 0) out.prev = list[i - 1]!;
  if (i < list.length - 1) out.next = list[i + 1]!;
  if (label) out.label = label;
  return out;
}
