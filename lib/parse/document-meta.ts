// Title, author and date of a post page, from the most stable source first: citation meta tags and JSON-LD
// (ForumMagnum server/pageMetadata/postPageMetadata.ts, PostsPage/structuredData.ts), then the visible header.

/** What the page says about its post, each field only when found. */
export type PageMeta = { title?: string; author?: string; published?: string; canonical?: string };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function clean(text: string | null | undefined): string | undefined {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t || undefined;
}

function meta(doc: Document, key: string): string | undefined {
  for (const m of Array.from(doc.querySelectorAll('meta'))) {
    if (m.getAttribute('name') === key || m.getAttribute('property') === key) return clean(m.getAttribute('content'));
  }
  return undefined;
}

/** An ISO 8601 string for a date in any form the pages use, or undefined. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  // citation_publication_date is YYYY/MM/DD.
  const ymd = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v);
  if (ymd) return new Date(Date.UTC(+(ymd[1] ?? 0), +(ymd[2] ?? 1) - 1, +(ymd[3] ?? 1))).toISOString();
  if (/^\d{10,14}$/.test(v)) return new Date(Number(v)).toISOString();
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The date of an RSS item's `Published on February 19, 2026 1:51 PM GMT` line (ForumMagnum server/rss.ts, `LLL z`). */
export function rssDate(line: string): string | undefined {
  const m = /([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}) (AM|PM)/.exec(line);
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[1] ?? '').toLowerCase());
  if (month < 0) return undefined;
  let hour = +(m[4] ?? 0) % 12;
  if (m[6] === 'PM') hour += 12;
  return new Date(Date.UTC(+(m[3] ?? 0), month, +(m[2] ?? 1), hour, +(m[5] ?? 0))).toISOString();
}

type LdPost = { headline?: unknown; datePublished?: unknown; author?: unknown; url?: unknown; '@type'?: unknown };

function jsonLd(doc: Document): LdPost | undefined {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const data = JSON.parse(s.textContent ?? '') as unknown;
      const items = Array.isArray(data) ? data : [data];
      for (const item of items) {
        if (item && typeof item === 'object' && (item as LdPost)['@type'] === 'DiscussionForumPosting')
          return item as LdPost;
      }
    } catch {
      // A broken JSON-LD block is only a missing hint.
    }
  }
  return undefined;
}

function ldAuthor(author: unknown): string | undefined {
  const list = Array.isArray(author) ? author : [author];
  const names = list
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { name?: unknown }).name : undefined))
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  return names.length ? names.join(', ') : undefined;
}

/** Reads title, author, date and canonical URL of the post a page shows. */
export function readMeta(doc: Document): PageMeta {
  const ld = jsonLd(doc);
  const authors = Array.from(doc.querySelectorAll('meta[name="citation_author"]'))
    .map((m) => clean(m.getAttribute('content')))
    .filter((a): a is string => !!a);
  const gwDate = doc.querySelector('main.post .post-meta span.date[data-js-date], span.date[data-js-date]');
  const title =
    meta(doc, 'citation_title') ??
    clean(typeof ld?.headline === 'string' ? ld.headline : undefined) ??
    meta(doc, 'og:title') ??
    clean(doc.querySelector('h1.PostsPageTitle-root')?.textContent) ??
    clean(doc.querySelector('main.post h1.post-title, h1.post-title')?.textContent);
  const author =
    (authors.length ? authors.join(', ') : undefined) ??
    ldAuthor(ld?.author) ??
    clean(
      Array.from(
        doc.querySelectorAll(
          '.LWPostsPageHeader-root .PostsAuthors-authorName, .PostsPagePostHeader-root .PostsAuthors-authorName',
        ),
      )
        .map((a) => a.textContent)
        .join(', '),
    ) ??
    clean(doc.querySelector('main.post .post-meta a.author, .top-post-meta a.author')?.textContent);
  // JSON-LD and <time> carry the full timestamp; citation_publication_date only the day.
  const published =
    isoDate(typeof ld?.datePublished === 'string' ? ld.datePublished : undefined) ??
    isoDate(
      doc
        .querySelector('.LWPostsPageHeader-date time[datetime], .PostsPageDate-date time[datetime]')
        ?.getAttribute('datetime') ?? undefined,
    ) ??
    isoDate(meta(doc, 'citation_publication_date')) ??
    isoDate(gwDate?.getAttribute('data-js-date') ?? undefined);
  const canonical =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    meta(doc, 'og:url') ??
    doc.querySelector('main.post a.lw2-link, a.lw2-link')?.getAttribute('href') ??
    undefined;
  const out: PageMeta = {};
  if (title) out.title = title;
  if (author) out.author = author;
  if (published) out.published = published;
  if (canonical) out.canonical = canonical;
  return out;
}
