import { formatBytes, formatNumber, t, tn } from '../lib/i18n';
import type { StorageUsage as Usage } from '../lib/store/storage';

type Props = { usage: Usage | undefined; posts: number };

/** How much room the library takes and whether the browser keeps it under storage pressure. */
export function StorageUsage({ usage, posts }: Props) {
  if (!usage) return <p class="lens-storage">{t('storageCount', tn('savedPostCount', posts))}</p>;
  const share = usage.quota > 0 ? usage.usage / usage.quota : 0;
  return (
    <div class="lens-storage">
      <p>
        {t('storageUsed', tn('savedPostCount', posts), formatBytes(usage.usage), formatBytes(usage.quota))}{' '}
        {usage.persisted ? t('storagePersisted') : t('storageMayClear')}
      </p>
      <meter min={0} max={1} value={share} high={0.8} optimum={0} aria-label={t('storageMeter')}>
        {formatNumber(share, { style: 'percent' })}
      </meter>
    </div>
  );
}
