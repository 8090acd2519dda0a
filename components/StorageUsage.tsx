import { formatBytes, type StorageUsage as Usage } from '../lib/store/storage';

type Props = { usage: Usage | undefined; posts: number };

/** How much room the library takes and whether the browser keeps it under storage pressure. */
export function StorageUsage({ usage, posts }: Props) {
  if (!usage) return <p class="lens-storage">{posts === 1 ? '1 saved post.' : `${posts} saved posts.`}</p>;
  const share = usage.quota > 0 ? usage.usage / usage.quota : 0;
  return (
    <div class="lens-storage">
      <p>
        {posts === 1 ? '1 saved post' : `${posts} saved posts`}, {formatBytes(usage.usage)} used of{' '}
        {formatBytes(usage.quota)} available.{' '}
        {usage.persisted
          ? 'The browser keeps this storage even when space runs low.'
          : 'The browser may clear this storage when space runs low; export a backup to be safe.'}
      </p>
      <meter min={0} max={1} value={share} high={0.8} optimum={0} aria-label="Storage used">
        {Math.round(share * 100)}%
      </meter>
    </div>
  );
}
