/**
 * Writes the release archives: `.tar.gz` and `.tar.xz` (ustar) and `.zip`, a handful of files each.
 * Written here rather than by the system's tar/zip so the build gives the same bytes on
 * Linux, macOS and Windows (GNU tar, bsdtar and a missing `zip` all differ), with the
 * file modes set explicitly (the binary 0755, owned by root) and a fixed timestamp.
 * Compression runs on node:zlib's thread pool, so targets compress in parallel; `.tar.xz` is
 * compressed by the system's `xz` (single-threaded, so its bytes do not depend on the builder's cores).
 */
import { promisify } from "node:util";
import { deflateRaw, gzip } from "node:zlib";

export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
  /** Unix permission bits, e.g. 0o755 for the binary. */
  mode: number;
}

const gzipAsync = promisify(gzip);
const deflateRawAsync = promisify(deflateRaw);
/** gzip/deflate level of releases: 9 is ~2.5% smaller and ~3x slower on a 110 MB binary. */
export const RELEASE_LEVEL = 6;

/** xz level of releases: 9, ~30% smaller than the `.tar.gz` (tests pass 0 to build faster). */
export const XZ_RELEASE_LEVEL = 9;

export async function tarGz(entries: ArchiveEntry[], mtime: Date, level = RELEASE_LEVEL): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(tar(entries, mtime), { level }));
}

/** The same tar as tarGz, compressed by `xz` (which must be on PATH). */
export async function tarXz(entries: ArchiveEntry[], mtime: Date, level = XZ_RELEASE_LEVEL): Promise<Uint8Array> {
  const xz = Bun.which("xz");
  if (!xz) throw new Error("xz is not installed: it writes the .tar.xz archives (apt-get install xz-utils, brew install xz)");
  const child = Bun.spawn([xz, `-${level}`, "-T1", "--stdout", "-"], { stdin: tar(entries, mtime), stdout: "pipe", stderr: "pipe" });
  const [code, bytes, stderr] = await Promise.all([child.exited, new Response(child.stdout).bytes(), new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`xz exited ${code}: ${stderr.trim()}`);
  return bytes;
}

function tar(entries: ArchiveEntry[], mtime: Date): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    blocks.push(tarHeader(entry, mtime), entry.data, new Uint8Array((512 - (entry.data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024)); // two empty blocks end the archive
  return new Uint8Array(Buffer.concat(blocks));
}

function tarHeader(entry: ArchiveEntry, mtime: Date): Uint8Array {
  const header = new Uint8Array(512);
  const put = (offset: number, length: number, text: string) => {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
    header.set(bytes, offset);
  };
  const octal = (offset: number, length: number, value: number) => put(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
  put(0, 100, entry.name);
  octal(100, 8, entry.mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, entry.data.length);
  octal(136, 12, Math.floor(mtime.getTime() / 1000));
  put(148, 8, " ".repeat(8)); // the checksum counts its own field as spaces
  put(156, 1, "0"); // a regular file
  put(257, 8, "ustar\u000000");
  put(265, 32, "root");
  put(297, 32, "root");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
  return header;
}

export async function zip(entries: ArchiveEntry[], mtime: Date, level = RELEASE_LEVEL): Promise<Uint8Array> {
  // DOS date and time, in UTC so the bytes do not depend on the builder's time zone.
  const time = (mtime.getUTCHours() << 11) | (mtime.getUTCMinutes() << 5) | Math.floor(mtime.getUTCSeconds() / 2);
  const date = ((mtime.getUTCFullYear() - 1980) << 9) | ((mtime.getUTCMonth() + 1) << 5) | mtime.getUTCDate();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const compressed = new Uint8Array(await deflateRawAsync(entry.data, { level }));
    const crc = Bun.hash.crc32(entry.data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    local.setUint16(8, 8, true); // deflate
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, compressed.length, true);
    local.setUint32(22, entry.data.length, true);
    local.setUint16(26, name.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, (3 << 8) | 20, true); // made by Unix, so unzip keeps the mode below
    central.setUint16(6, 20, true);
    central.setUint16(10, 8, true);
    central.setUint16(12, time, true);
    central.setUint16(14, date, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, compressed.length, true);
    central.setUint32(24, entry.data.length, true);
    central.setUint16(28, name.length, true);
    central.setUint32(38, ((0o100000 | entry.mode) << 16) >>> 0, true); // a regular file with this mode
    central.setUint32(42, offset, true);
    locals.push(new Uint8Array(local.buffer), name, compressed);
    centrals.push(new Uint8Array(central.buffer), name);
    offset += 30 + name.length + compressed.length;
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0);
  if (offset + directorySize > 0xffffffff) throw new Error("zip: archives over 4 GB need zip64");
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, new Uint8Array(end.buffer)]));
}
