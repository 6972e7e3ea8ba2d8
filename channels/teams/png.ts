import { PNG } from 'pngjs';

export type Rgba = readonly [number, number, number, number];

/** Encodes RGBA pixels (row by row) as a PNG, with pngjs. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width, height, colorType: 6 });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(png);
}

/**
 * Balie's icon: a speech balloon. The colour icon is a white balloon on the accent colour
 * (192×192); the outline icon is a white balloon outline on transparency (32×32), as Teams requires.
 */
export function balieIcons(accent: Rgba): { color: Buffer; outline: Buffer } {
  const inBalloon = (x: number, y: number, size: number, inset = 0) => {
    const cx = size / 2;
    const cy = size * 0.44;
    const rx = size * 0.36 - inset;
    const ry = size * 0.27 - inset;
    const inEllipse = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
    // The tail: a small triangle under the left of the balloon.
    const ty = y - (cy + ry * 0.6);
    const inTail = ty >= 0 && ty <= size * 0.18 - inset && x >= size * 0.3 + inset && x <= size * 0.3 + (size * 0.18 - ty) * 0.8 - inset;
    return inEllipse || inTail;
  };
  const white: Rgba = [255, 255, 255, 255];
  const clear: Rgba = [0, 0, 0, 0];
  const color = encodePng(192, 192, (x, y) => (inBalloon(x, y, 192) ? white : accent));
  const outline = encodePng(32, 32, (x, y) => (inBalloon(x, y, 32) && !inBalloon(x, y, 32, 2) ? white : clear));
  return { color, outline };
}
