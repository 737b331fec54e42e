/** Key files: only regular files inside the key folder, within a size cap; unusable keys named. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURE_KEY_DIR } from "@/lib/cluster/__fixtures__/definitions";
import { readKeyFile } from "./key-file";
import { MAX_PRIVATE_KEY_BYTES, privateKeyProblem } from "./private-key";

const root = mkdtempSync(join(tmpdir(), "hapair-keys-"));
const folder = join(root, "keys");
mkdirSync(folder);
const good = readFileSync(join(FIXTURE_KEY_DIR, "lb"));
writeFileSync(join(folder, "good"), good, { mode: 0o600 });
writeFileSync(join(root, "outside"), good, { mode: 0o600 });
symlinkSync(join(root, "outside"), join(folder, "link-out"));
symlinkSync(join(folder, "good"), join(folder, "link-in"));
execFileSync("mkfifo", [join(folder, "fifo")]);
writeFileSync(join(folder, "big"), Buffer.alloc(MAX_PRIVATE_KEY_BYTES + 1, "a"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readKeyFile", () => {
  it("reads a key file inside the folder, also through a symlink that stays inside", async () => {
    expect(await readKeyFile(join(folder, "good"), folder)).toEqual(good);
    expect(await readKeyFile(join(folder, "link-in"), folder)).toEqual(good);
  });

  it.each([
    ["a file outside the folder", join(root, "outside"), /outside the key folder/],
    ["a path climbing out with ..", `${folder}/../outside`, /outside the key folder/],
    ["a symlink pointing out", join(folder, "link-out"), /leads outside the key folder/],
    ["a FIFO (must not block)", join(folder, "fifo"), /not a regular file/],
    ["a device", "/dev/zero", /outside the key folder/],
    ["an oversized file", join(folder, "big"), /larger than/],
    ["a missing file", join(folder, "missing"), /does not exist/],
    ["a relative path", "keys/good", /not an absolute path/],
  ])("refuses %s", async (_label, path, message) => {
    await expect(readKeyFile(path, folder)).rejects.toThrow(message);
  });

  it("refuses a device even when the folder is /dev", async () => {
    await expect(readKeyFile("/dev/zero", "/dev")).rejects.toThrow(/not a regular file/);
  });
});

describe("privateKeyProblem", () => {
  it("accepts an unencrypted OpenSSH key and names what is wrong with the others", () => {
    expect(privateKeyProblem(good)).toBeNull();
    expect(privateKeyProblem(readFileSync(join(FIXTURE_KEY_DIR, "encrypted")))).toMatch(
      /^encrypted keys are not supported/,
    );
    expect(privateKeyProblem("garbage")).toMatch(/^not a usable private key/);
    const parsed = ssh2.utils.parseKey(good);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error("the fixture key does not parse");
    expect(privateKeyProblem(`ssh-ed25519 ${parsed.getPublicSSH().toString("base64")}`)).toMatch(
      /public key/,
    );
  });
});
