import { zlibSync } from 'fflate';

/** A cover picture: its bytes, media type and how it was made. */
export type CoverImage = { bytes: Uint8Array; type: 'image/jpeg' | 'image/png'; drawnBy: 'canvas' | 'pattern' };

const WIDTH = 1600;
const HEIGHT = 2400;

/** Two colours picked from the title, so books look different on a shelf and the same book always looks the same. */
export function coverColours(title: string): { back: [number, number, number]; band: [number, number, number] } {
  let h = 2166136261;
  for (const c of title) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
  const hue = h % 360;
  return { back: hsl(hue, 0.45, 0.22), band: hsl((hue + 40) % 360, 0.55, 0.62) };
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

function rgb([r, g, b]: [number, number, number]): string {
  return `rgb(${r},${g},${b})`;
}

type Ctx2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function canvas(): { ctx: Ctx2D; encode: () => Promise<Blob | null> } | null {
  try {
    if (typeof OffscreenCanvas === 'function') {
      const c = new OffscreenCanvas(WIDTH, HEIGHT);
      const ctx = c.getContext('2d');
      if (ctx) return { ctx, encode: () => c.convertToBlob({ type: 'image/jpeg', quality: 0.88 }) };
    }
    if (typeof document !== 'undefined') {
      const c = document.createElement('canvas');
      c.width = WIDTH;
      c.height = HEIGHT;
      const ctx = c.getContext('2d');
      if (ctx) return { ctx, encode: () => new Promise<Blob | null>((r) => c.toBlob((b) => r(b), 'image/jpeg', 0.88)) };
    }
  } catch {
    // No usable canvas here (a test DOM, a locked-down context): the pattern below stands in.
  }
  return null;
}

function wrapLines(ctx: Ctx2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

async function drawWithCanvas(title: string, subtitle: string): Promise<CoverImage | null> {
  const c = canvas();
  if (!c) return null;
  const { ctx } = c;
  const { back, band } = coverColours(title);
  ctx.fillStyle = rgb(back);
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = rgb(band);
  ctx.fillRect(0, HEIGHT * 0.12, WIDTH, 24);
  ctx.fillRect(0, HEIGHT * 0.8, WIDTH, 24);
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  // The title shrinks until it fits in ten lines; a very long one is cut with an ellipsis.
  let size = 150;
  let lines: string[] = [];
  for (; size >= 60; size -= 10) {
    ctx.font = `bold ${size}px Georgia, "DejaVu Serif", serif`;
    lines = wrapLines(ctx, title, WIDTH - 240);
    if (lines.length * size * 1.2 <= HEIGHT * 0.55) break;
  }
  const max = Math.floor((HEIGHT * 0.55) / (size * 1.2));
  if (lines.length > max) lines = [...lines.slice(0, max - 1), `${lines[max - 1]}…`];
  lines.forEach((l, i) => {
    ctx.fillText(l, WIDTH / 2, HEIGHT * 0.2 + i * size * 1.2, WIDTH - 160);
  });
  if (subtitle) {
    ctx.font = `64px Georgia, "DejaVu Serif", serif`;
    ctx.fillText(subtitle, WIDTH / 2, HEIGHT * 0.84, WIDTH - 160);
  }
  const blob = await c.encode();
  if (!blob || blob.size === 0) return null;
  return { bytes: new Uint8Array(await blob.arrayBuffer()), type: 'image/jpeg', drawnBy: 'canvas' };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * The cover where no canvas exists (happy-dom in tests, a context without one): a PNG of the title's colours in bands
 * whose widths come from the title's letters, written here because fflate deflates but does not make PNGs.
 */
export function patternCover(title: string, width = 400, height = 600): CoverImage {
  const { back, band } = coverColours(title);
  const codes = [...(title || '?')].map((c) => c.codePointAt(0)!);
  const rows = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    rows[row] = 0;
    const code = codes[Math.floor((y / height) * codes.length)]!;
    const inBand = y > height * 0.1 && y < height * 0.9 && code % 7 < 3 + (y % 3 === 0 ? 1 : 0);
    const colour = inBand ? band : back;
    for (let x = 0; x < width; x++) rows.set(colour, row + 1 + x * 3);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, type: 'image/png', drawnBy: 'pattern' };
}

/** The book's cover picture: the title (and a subtitle) drawn on canvas where one exists, else a pattern from the title. */
export async function drawCover(title: string, subtitle = ''): Promise<CoverImage> {
  try {
    const drawn = await drawWithCanvas(title, subtitle);
    if (drawn) return drawn;
  } catch {
    // A canvas that fails to draw or encode falls back like a missing one.
  }
  return patternCover(title);
}
