import { t } from '../i18n';

/** "Saved “title” to Lens." with whether it replaced an earlier version, then what became of its images. */
export function savedSentence(title: string | undefined, updated: boolean | undefined, images: string): string {
  const saved =
    title === undefined ? t('savedPostToLens') : updated ? t('savedToLensUpdated', title) : t('savedToLens', title);
  return images ? `${saved} ${images}` : saved;
}
