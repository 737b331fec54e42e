/**
 * Reads one file over SFTP within a byte cap: fstat first (a file that says it is too large is not
 * read at all), then chunk by chunk, counting (a node may lie about the size or serve an endless
 * file). Each step waits through `step`, which gives up on the caller's deadline or abort; whatever
 * ends the read, the handle is closed (and the caller ends the SFTP channel).
 */
import type { SFTPWrapper } from "ssh2";

/** Larger reads are split by servers anyway (OpenSSH answers at most 256 KiB); 64 KiB keeps each small. */
const CHUNK_BYTES = 64 * 1024;

/** SFTP status "no such file". */
const NO_SUCH_FILE = 2;

export type SftpStep = <T>(
  what: string,
  call: (done: (error: Error | null | undefined, value: T) => void) => void,
) => Promise<T>;

export class FileTooLarge extends Error {
  constructor(
    readonly path: string,
    readonly maxBytes: number,
    readonly seen: string,
  ) {
    super(`${path} is larger than ${maxBytes} bytes (${seen})`);
  }
}

export async function readBounded(
  sftp: SFTPWrapper,
  path: string,
  maxBytes: number,
  step: SftpStep,
): Promise<Buffer | null> {
  const handle = await step<Buffer | null>(`opening ${path}`, (done) =>
    sftp.open(path, "r", (error: (Error & { code?: number }) | undefined, opened: Buffer) => {
      if (error?.code === NO_SUCH_FILE) done(null, null);
      else done(error, opened);
    }),
  );
  if (!handle) return null;
  try {
    const stats = await step<{ size?: number }>(`reading ${path}'s size`, (done) => sftp.fstat(handle, done));
    if (typeof stats.size === "number" && stats.size > maxBytes)
      throw new FileTooLarge(path, maxBytes, `fstat says ${stats.size}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const read = await step<number>(`reading ${path}`, (done) =>
        // ssh2 turns the server's EOF status into 0 bytes read.
        sftp.read(handle, buffer, 0, CHUNK_BYTES, total, (error: Error | undefined, bytesRead: number) =>
          done(error, bytesRead),
        ),
      );
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw new FileTooLarge(path, maxBytes, "more arrived than that");
      chunks.push(buffer.subarray(0, read));
    }
    return Buffer.concat(chunks, total);
  } finally {
    // Not awaited: on a dead link the close never answers, and ending the channel frees the handle too.
    sftp.close(handle, () => {});
  }
}
