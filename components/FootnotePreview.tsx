import type { CSSProperties } from 'preact';
import { t } from '../lib/i18n';

export type FootnotePreviewProps = {
  /** Element id, which the reference points at with aria-describedby. */
  id: string;
  number: number;
  /** The note's body: already-sanitized HTML from the parser. */
  html: string;
  pinned: boolean;
  /** Viewport placement; absent while the preview is being measured. */
  placement?: { top: number; left: number; maxHeight: number; side: 'below' | 'above' };
  onPin: () => void;
  onClose: () => void;
};

/** One footnote preview card: a tooltip while hovered or focused, a non-modal dialog once pinned. */
export function FootnotePreview({ id, number, html, pinned, placement, onPin, onClose }: FootnotePreviewProps) {
  const style: CSSProperties = placement
    ? { top: `${placement.top}px`, left: `${placement.left}px`, maxHeight: `${placement.maxHeight}px` }
    : { top: '0px', left: '0px', visibility: 'hidden' };
  const label = t('footnoteNumber', number);
  // A pinned preview is a non-modal dialog and needs a name; a tooltip is named by its content. Both can take focus
  // (tabIndex -1): the keyboard way in (Alt+ArrowDown or P on the reference) focuses the card itself.
  const roleProps = pinned ? ({ role: 'dialog', 'aria-label': label } as const) : ({ role: 'tooltip' } as const);
  return (
    <div
      id={id}
      class={pinned ? 'lens-preview lens-pinned' : 'lens-preview'}
      {...roleProps}
      data-side={placement?.side}
      style={style}
      tabIndex={-1}
    >
      <div class="lens-bar">
        <span class="lens-label" id={`${id}-label`}>
          {label}
        </span>
        <button
          type="button"
          class="lens-pin"
          aria-pressed={pinned}
          title={pinned ? t('previewPinnedTitle') : t('previewPinTitle')}
          onClick={onPin}
        >
          {pinned ? t('previewPinned') : t('previewPin')}
        </button>
        <button
          type="button"
          class="lens-close"
          aria-label={t('previewClose', number)}
          title={t('previewCloseTitle')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div class="lens-body" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}
