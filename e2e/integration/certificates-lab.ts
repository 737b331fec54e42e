/**
 * The set-up the certificate lab tests share: a database file of their own, the test pair saved as a
 * cluster in it, each node's certificate file kept before the tests and put back after them (with
 * the job backups and whatever else the file names), the SSH pool closed.
 */
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { requireInventory, testPair } from "@/e2e/lab/control";
import type { InventoryPair } from "@/e2e/lab/inventory";
import { labPairDefinition } from "@/e2e/lab/register";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import type { Database } from "@/lib/db/client";
import { createSshPool, type SshPool } from "@/lib/ssh";
import {
  keepOriginals,
  putBackOriginals,
  removeTestCertificates,
  saveLabCluster,
} from "./certificates-support";

export interface CertificatesLab {
  pair: InventoryPair;
  nodes: string[];
  pool: SshPool;
  /** Set before the file's tests run. */
  db: Database;
  clusterId: string;
  /** Each node's certificate file as it was before the tests. */
  originals: Map<string, string>;
}

export interface CertificatesLabOptions {
  /** Changes the pair's definition before it is saved. */
  definition?: (definition: ClusterDefinition) => void;
  /** More node files the tests write, removed at the end. */
  extraFiles?: string[];
  /** After the cluster is saved (say, start the agents). */
  setUp?: (lab: CertificatesLab) => Promise<void>;
  /** Before the files are put back (say, stop the agents). */
  tearDown?: () => Promise<void>;
  setUpTimeoutMs?: number;
  tearDownTimeoutMs?: number;
}

/** Registers the file's beforeAll/afterAll; `database` names its file under data/ (the pair's name added). */
export function certificatesLab(database: string, options: CertificatesLabOptions = {}): CertificatesLab {
  freshDatabaseFile(join(process.cwd(), "data", `${database}-${process.env.HAPAIR_TEST_PAIR ?? "lab"}.db`));
  const pair = testPair();
  let db: Database | undefined;
  const lab: CertificatesLab = {
    pair,
    nodes: pair.nodes.map((n) => n.name),
    pool: createSshPool(),
    get db(): Database {
      if (!db) throw new Error("the database is opened in beforeAll");
      return db;
    },
    clusterId: "",
    originals: new Map(),
  };

  beforeAll(async () => {
    lab.originals = keepOriginals(lab.nodes);
    db = await openMigratedDatabase();
    const definition = labPairDefinition(requireInventory(), pair);
    options.definition?.(definition);
    lab.clusterId = await saveLabCluster(db, definition);
    await options.setUp?.(lab);
  }, options.setUpTimeoutMs ?? 120_000);

  afterAll(async () => {
    await options.tearDown?.();
    await putBackOriginals(lab.pool, lab.originals, options.extraFiles);
    lab.pool.closeAll();
    removeTestCertificates();
    await db?.$disconnect();
  }, options.tearDownTimeoutMs ?? 60_000);

  return lab;
}
