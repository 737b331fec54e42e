/**
 * HAProxy runtime commands that publish and withdraw an HTTP-01 answer in the challenge map. Pure.
 * Token and key authorization are base64url (RFC 8555 §8.1, §8.3) and the map path a schema path, so
 * nothing here can carry a space, ';' or newline that would make a second command.
 */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;
const KEY_AUTHORIZATION = /^[A-Za-z0-9_-]{16,256}\.[A-Za-z0-9_-]{16,128}$/;
const MAP_PATH = /^\/[A-Za-z0-9._/@%+=:,-]{1,1023}$/;

function checked(what: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value))
    throw new Error(`not a valid ${what} for the runtime API: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

export interface ChallengeEntry {
  token: string;
  keyAuthorization: string;
}

/** Delete first, then add: `add map` of a present key adds a second entry, so a retried publish stays one. */
export function publishCommands(map: string, entry: ChallengeEntry): string[] {
  const m = checked("map path", map, MAP_PATH);
  const token = checked("ACME token", entry.token, TOKEN);
  if (!entry.keyAuthorization.startsWith(`${token}.`))
    throw new Error("the key authorization does not start with its token");
  return [
    `del map ${m} ${token}`,
    `add map ${m} ${token} ${checked("key authorization", entry.keyAuthorization, KEY_AUTHORIZATION)}`,
  ];
}

export function withdrawCommand(map: string, token: string): string {
  return `del map ${checked("map path", map, MAP_PATH)} ${checked("ACME token", token, TOKEN)}`;
}

/** `add map` answers nothing on success; `del map` also "Key not found." when it was not there. */
export function mapReplyError(command: string, reply: string): string | null {
  const text = reply.trim();
  if (text === "" || (command.startsWith("del map ") && text === "Key not found.")) return null;
  return text.split("\n").slice(0, 3).join(" ").slice(0, 300);
}
