/** The eight bytes every PNG starts with. */
const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The last chunk of every PNG: length 0, `IEND`, its CRC. */
const end = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/** The size a PNG's header gives, or undefined when the bytes do not start like a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 33 || signature.some((byte, index) => bytes[index] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The first chunk is IHDR: length 13, type, then width and height.
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR")
    return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Whether `bytes` are a whole PNG of `width`×`height`: its signature, its
 * header's size, and its closing chunk (a truncated file has none).
 */
export function isPng(bytes: Uint8Array, width: number, height: number): boolean {
  const size = pngSize(bytes);
  if (size?.width !== width || size.height !== height) return false;
  const tail = bytes.subarray(bytes.length - end.length);
  return end.every((byte, index) => tail[index] === byte);
}
