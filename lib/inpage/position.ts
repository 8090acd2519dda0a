/** A rectangle in viewport coordinates (the shape of `DOMRect` that placement needs). */
export type Rect = { top: number; left: number; width: number; height: number };

/** Where a preview goes: its viewport coordinates, the side of the reference it sits on, and the height it may use. */
export type Placement = { top: number; left: number; side: 'below' | 'above'; maxHeight: number };

/** Inputs for placing a preview next to its reference. */
export type PlaceInput = {
  anchor: Rect;
  size: { width: number; height: number };
  viewport: { width: number; height: number };
  /** Gap kept between the preview and the viewport edges. */
  margin?: number;
  /** Gap between the reference and the preview. */
  gap?: number;
};

/** Places a preview below its reference, flipping above when there is more room there, and clamps it into the viewport. */
export function placePreview({ anchor, size, viewport, margin = 8, gap = 6 }: PlaceInput): Placement {
  const roomBelow = viewport.height - (anchor.top + anchor.height) - gap - margin;
  const roomAbove = anchor.top - gap - margin;
  const side: Placement['side'] = size.height <= roomBelow || roomBelow >= roomAbove ? 'below' : 'above';
  const room = Math.max(0, side === 'below' ? roomBelow : roomAbove);
  const height = Math.min(size.height, room);
  const rawTop = side === 'below' ? anchor.top + anchor.height + gap : anchor.top - gap - height;
  const top = clamp(rawTop, margin, Math.max(margin, viewport.height - margin - height));
  const width = Math.min(size.width, Math.max(0, viewport.width - 2 * margin));
  const left = clamp(anchor.left, margin, Math.max(margin, viewport.width - margin - width));
  return { top, left, side, maxHeight: room };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
