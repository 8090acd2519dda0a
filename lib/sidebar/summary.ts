import type { SidebarPost } from '../messages';
import type { Post } from '../model';
import type { PostOutline } from '../parse/document';

export type { SidebarPost };

/** The summary of a post (plain data, a few hundred bytes plus its headings). */
export function summarize(post: Post): SidebarPost {
  const summary: SidebarPost = {
    id: post.id,
    source: post.source,
    title: post.title,
    html: '',
    headings: post.headings,
    footnotes: [],
    math: [],
    partial: true,
    footnoteCount: post.footnotes.length,
  };
  if (post.url !== undefined) summary.url = post.url;
  if (post.author !== undefined) summary.author = post.author;
  if (post.published !== undefined) summary.published = post.published;
  return summary;
}

/** Whether this is only a summary (its footnotes and html are still to come). */
export function isPartial(post: SidebarPost | null | undefined): boolean {
  return post?.partial === true;
}

/** How many footnotes the post has, whether full or a summary. */
export function footnoteCount(post: SidebarPost): number {
  return post.partial ? (post.footnoteCount ?? 0) : post.footnotes.length;
}

/** A post's summary from what a parse knows before the body (its outline), so a panel can show the outline early. */
export function outlineSummary(outline: PostOutline): SidebarPost {
  const { footnoteCount, ...rest } = outline;
  return { ...rest, html: '', footnotes: [], math: [], partial: true, footnoteCount };
}
