/**
 * Reading files from disk, safely: only regular files (a FIFO would block the process forever, a
 * link to `/dev/zero` would fill memory), opened non-blocking and checked again on the open
 * descriptor, and never more than the limit — counted on what is read, not on what `stat` claims.
 */
import * as fs from 'fs';

/** Bytes read, or why not: too large (with the bytes seen so far, ≥ limit + 1), not a regular file, or an I/O error. */
export type RegularFileRead =
  | { bytes: Buffer }
  | { tooLarge: true; size: number }
  | { notRegular: string }
  | { error: Error };

const CHUNK = 1 << 16;

/** Reads a regular file of at most `limit` bytes. */
export function readRegularFile(file: string, limit = Number.MAX_SAFE_INTEGER): RegularFileRead {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notRegular: describeKind(stat) };
    if (stat.size > limit) return { tooLarge: true, size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      // The file grew (or stat lied) past the limit: stop reading.
      if (total > limit) return { tooLarge: true, size: Math.max(total, stat.size) };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: e as Error };
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/** A regular file's text as UTF-8 (invalid bytes become U+FFFD), or undefined when it cannot be read as one. */
export function readRegularText(file: string, limit?: number): string | undefined {
  const read = readRegularFile(file, limit);
  return 'bytes' in read ? read.bytes.toString('utf8') : undefined;
}

function describeKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}
