/** Whether a private key can be used as it is (hapair holds no passphrases): checked at save and before connecting. */
import ssh2 from "ssh2";

/** A key file or pasted key past this is not an SSH private key (an RSA-8192 one is under 7 KiB). */
export const MAX_PRIVATE_KEY_BYTES = 64 * 1024;

/** Why the key cannot be used, or null when it can. */
export function privateKeyProblem(data: string | Buffer): string | null {
  if (Buffer.byteLength(data) > MAX_PRIVATE_KEY_BYTES)
    return `larger than ${MAX_PRIVATE_KEY_BYTES} bytes: not a private key`;
  const parsed = ssh2.utils.parseKey(data);
  if (parsed instanceof Error) {
    return /encrypted|passphrase/i.test(parsed.message)
      ? "encrypted keys are not supported (remove the passphrase: ssh-keygen -p -N '' -f FILE)"
      : `not a usable private key: ${parsed.message} (use an OpenSSH or PEM key as ssh-keygen writes it)`;
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) return "not a usable private key: no key in it";
  if (!key.isPrivateKey()) return "a public key, not a private key";
  return null;
}
