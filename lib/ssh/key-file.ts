/**
 * Key files on the hapair server (`identityFile`): only inside the key folder (HAPAIR_KEY_DIR, default
 * `keys/` beside the database), resolved through symlinks before the check, regular files only (a
 * FIFO or device is never opened for a blocking read), read asynchronously within a size cap.
 */
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { dataFolder } from "@/lib/db/url";
import { MAX_PRIVATE_KEY_BYTES } from "./private-key";

export function keyDirectory(): string {
  return process.env.HAPAIR_KEY_DIR ?? join(dataFolder(), "keys");
}

/** A key file that cannot be used; the message names the file and why, never its content. */
export class KeyFileProblem extends Error {}

const inside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
};

export async function readKeyFile(path: string, folder = keyDirectory()): Promise<Buffer> {
  if (!isAbsolute(path)) throw new KeyFileProblem(`${path}: not an absolute path`);
  // turbopackIgnore: this path is known only at run time; without it `next build` traces the whole project.
  const realFolder = await realpath(/* turbopackIgnore: true */ folder).catch(() => {
    throw new KeyFileProblem(`the key folder ${folder} does not exist (HAPAIR_KEY_DIR)`);
  });
  // Checked before and after resolving: "../" out of the folder, and a symlink pointing out of it.
  if (!inside(folder, path) && !inside(realFolder, path))
    throw new KeyFileProblem(`${path} is outside the key folder ${folder} (HAPAIR_KEY_DIR)`);
  const real = await realpath(/* turbopackIgnore: true */ path).catch((error: NodeJS.ErrnoException) => {
    throw new KeyFileProblem(
      error.code === "ENOENT"
        ? `${path} does not exist`
        : `${path} cannot be read (${error.code ?? error.message})`,
    );
  });
  if (!inside(realFolder, real))
    throw new KeyFileProblem(`${path} leads outside the key folder ${folder} (HAPAIR_KEY_DIR)`);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: no symlink swapped in since.
  const handle = await open(
    /* turbopackIgnore: true */ real,
    constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW,
  ).catch((error: NodeJS.ErrnoException) => {
    throw new KeyFileProblem(`${path} cannot be opened (${error.code ?? error.message})`);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new KeyFileProblem(`${path} is not a regular file`);
    if (stats.size > MAX_PRIVATE_KEY_BYTES)
      throw new KeyFileProblem(`${path} is larger than ${MAX_PRIVATE_KEY_BYTES} bytes: not a private key`);
    const buffer = Buffer.alloc(MAX_PRIVATE_KEY_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_PRIVATE_KEY_BYTES)
      throw new KeyFileProblem(`${path} is larger than ${MAX_PRIVATE_KEY_BYTES} bytes: not a private key`);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
