/**
 * Two fake certificate nodes over state that outlives the process using them (each node's files and
 * what its HAProxy holds), and a crash: from the chosen call on, every node call and every save of the
 * process hangs forever, as a SIGKILLed agents process stops. A second process then gets new node
 * objects over the same state and the job's steps as last saved.
 */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import type { CertificateJobStep } from "@/lib/certificates/types";
import type { CertificateNode } from "../node";

const fixture = (name: string) =>
  readFileSync(join(__dirname, "../../../lib/certificates/__fixtures__", name), "utf8");
const sha1Of = (pem: string) => {
  const leaf = leafOf(pem);
  return leaf ? certificateMetadata(leaf).sha1 : null;
};

export const PATH = "/etc/haproxy/certs/site.pem";
export const OLD_PEM = `${fixture("self-signed.pem")}${fixture("self-signed.key")}`;
export const NEW_PEM = `${fixture("leaf.pem")}${fixture("ca.pem")}${fixture("leaf.key")}`;
export const OLD_SHA1 = sha1Of(OLD_PEM) ?? "";
export const NEW_SHA1 = sha1Of(NEW_PEM) ?? "";
export const PLAN = { path: PATH, pem: NEW_PEM, sha1: NEW_SHA1, jobId: 7 };
export const BACKUP = `${PATH}.hapair-cert-7`;
export const NODE_NAMES = ["lb-01", "lb-02"] as const;

export interface FakeFile {
  text: string;
  mode: number;
  uid: number;
  gid: number;
}

/** One node's state: files by path, and the PEM its HAProxy serves for PATH. */
export interface NodeState {
  files: Map<string, FakeFile>;
  served: string;
  pending: string | null;
}

export const ORIGINAL: FakeFile = { text: OLD_PEM, mode: 0o640, uid: 0, gid: 107 };

export function pairState(): Record<string, NodeState> {
  return Object.fromEntries(
    NODE_NAMES.map((n) => [n, { files: new Map([[PATH, { ...ORIGINAL }]]), served: OLD_PEM, pending: null }]),
  );
}

/** A call a test may crash at or refuse: "lb-02 write", "lb-01 commit", "lb-01 set", "lb-02 stat"… */
export type When = (call: string) => boolean;

export interface Process {
  nodes: CertificateNode[];
  save: (steps: CertificateJobStep[]) => Promise<void>;
  /** The steps as the database holds them (the last save before a crash). */
  saved: () => CertificateJobStep[];
  calls: string[];
  crashed: () => boolean;
}

const hang = () => new Promise<never>(() => {});

/**
 * One agents process's view of the pair. `crashAt`: the process dies as it makes that call (a write
 * leaves its temporary file behind). `refuse`: those calls fail; `unreachable`: every call on those
 * nodes fails as a lost connection does.
 */
export function agentsProcess(
  state: Record<string, NodeState>,
  options: {
    crashAt?: When;
    refuse?: When;
    unreachable?: string[];
    /** Nodes whose every call takes a few milliseconds: the other runs ahead of them. */
    slow?: string[];
    steps?: CertificateJobStep[];
  } = {},
): Process {
  let crashed = false;
  let saved: CertificateJobStep[] = structuredClone(options.steps ?? []);
  const calls: string[] = [];
  const node = (name: string): CertificateNode => {
    const s = state[name];
    if (!s) throw new Error(`no node ${name}`);
    const call = <T>(what: string, run: () => T, onCrash?: () => void): Promise<T> => {
      const label = `${name} ${what}`;
      if (crashed) return hang();
      if (options.crashAt?.(label)) {
        crashed = true;
        onCrash?.();
        return hang();
      }
      const act = () => {
        if (crashed) return hang();
        calls.push(label);
        if (options.unreachable?.includes(name))
          return Promise.reject(new Error(`${name}: connect ECONNREFUSED`));
        if (options.refuse?.(label)) return Promise.reject(new Error(`${label}: refused by the test`));
        try {
          return Promise.resolve(run());
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      if (!options.slow?.includes(name)) return act();
      return new Promise((resolve) => setTimeout(resolve, 3)).then(act);
    };
    return {
      name,
      stat: (path) =>
        call("stat", () => {
          const f = s.files.get(path);
          return f ? { mode: f.mode, uid: f.uid, gid: f.gid } : null;
        }),
      copy: (from, to) =>
        call("copy", () => {
          const f = s.files.get(from);
          if (!f) throw new Error(`cp: ${from}: no such file`);
          s.files.set(to, { ...f });
        }),
      write: (path, text, mode) =>
        call(
          "write",
          () => void s.files.set(path, { text, mode, uid: 0, gid: 0 }),
          // Killed mid-SFTP: the temporary file stays, half written; the target is untouched.
          () =>
            s.files.set(posix.join(posix.dirname(path), `.${posix.basename(path)}.hapair-99-1`), {
              text: text.slice(0, 40),
              mode,
              uid: 0,
              gid: 0,
            }),
        ),
      chown: (path, uid, gid) =>
        call("chown", () => {
          const f = s.files.get(path);
          if (f) Object.assign(f, { uid, gid });
        }),
      readFile: (path) => call("read", () => s.files.get(path)?.text ?? null),
      remove: (path) => call("rm", () => void s.files.delete(path)),
      listFolder: (path) => call("ls", () => [...s.files.keys()].filter((f) => posix.dirname(f) === path)),
      listBackups: (path) =>
        call("ls-backups", () => [...s.files.keys()].filter((f) => f.startsWith(`${path}.hapair-cert-`))),
      runtime: (command) => {
        const verb = command.split(" ")[0] ?? "";
        return call(verb, () => {
          if (verb === "set") {
            s.pending = command.slice(command.indexOf("\n") + 1).trimEnd() + "\n";
            return `Transaction created for certificate ${PATH}!\n`;
          }
          if (verb === "commit") {
            if (s.pending === null) return "No ongoing transaction!\n";
            s.served = s.pending;
            s.pending = null;
            return `Committing ${PATH}\nSuccess!\n`;
          }
          if (verb === "abort") {
            s.pending = null;
            return "Transaction aborted for certificate!\n";
          }
          if (verb === "show") return `Filename: ${PATH}\nSHA1 FingerPrint: ${sha1Of(s.served) ?? ""}\n`;
          return "";
        });
      },
    };
  };
  return {
    nodes: NODE_NAMES.map(node),
    save: (steps) => {
      if (crashed) return hang();
      saved = structuredClone(steps);
      return Promise.resolve();
    },
    saved: () => saved,
    calls,
    crashed: () => crashed,
  };
}

/** Crashes at the first call after `label` was made. */
export function after(label: string): When {
  let seen = false;
  return (call) => {
    if (seen) return true;
    seen = call === label;
    return false;
  };
}

/** Lets the process run until it has crashed (its promises never settle after that). */
export async function untilCrashed(process: Process): Promise<void> {
  for (let i = 0; i < 500 && !process.crashed(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!process.crashed()) throw new Error("the process never reached its crash point");
}
