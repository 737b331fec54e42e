/**
 * `hapair apply` creates a cluster as `POST /api/clusters` does (lib/store/create-cluster.ts): a new
 * cluster whose binds name certificate files gets an adopt job; applying it again (an update) and a
 * cluster that names none get none.
 */
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { definitionToYaml } from "@/lib/cluster/yaml";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { CliIo } from "./io";

const { db } = await useTestDatabase("apply-adoption");
const { applyCommand } = await import("./database-commands");

function io(files: Record<string, string>) {
  const out: string[] = [];
  const cli: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void out.push(text),
    readFile: (path) => files[path] ?? "",
  };
  return { cli, out };
}

function pair(name: string, certificate: string | null, vrid = 51) {
  const definition = clusterDefinitionSchema.parse(articlePair);
  definition.name = name;
  definition.vrrp.virtualRouterId = vrid;
  const frontend = definition.haproxy.frontends[0];
  if (!frontend) throw new Error("no frontend");
  for (const f of definition.haproxy.frontends) {
    f.binds = f.binds.map(({ tls: _, ...bind }) => bind);
    f.httpsRedirect = false;
  }
  if (certificate) frontend.binds = [{ address: "*", port: 8443, tls: { certificate, alpn: [] } }];
  return definitionToYaml(definition);
}

const adoptJobs = () => db.certificateJob.count({ where: { kind: "adopt" } });

describe("hapair apply and certificate adoption", () => {
  it("queues the adoption of the certificate files a new cluster's binds name, once", async () => {
    const { cli, out } = io({ "pair.yaml": pair("imported", "/etc/haproxy/certs/site.pem") });
    expect(await applyCommand(cli, db, "pair.yaml", undefined)).toBe(0);
    expect(out.join("")).toMatch(/adoption queued \(job \d+/);
    expect(await adoptJobs()).toBe(1);
    // Applied again: an update, nothing more to adopt.
    expect(
      await applyCommand(
        io({ "pair.yaml": pair("imported", "/etc/haproxy/certs/site.pem") }).cli,
        db,
        "pair.yaml",
        undefined,
      ),
    ).toBe(0);
    expect(await adoptJobs()).toBe(1);
  });

  it("queues nothing for a new cluster whose binds name no certificate", async () => {
    const { cli, out } = io({ "plain.yaml": pair("plain", null, 52) });
    expect(await applyCommand(cli, db, "plain.yaml", undefined), out.join("")).toBe(0);
    expect(out.join("")).not.toContain("adoption");
    expect(await adoptJobs()).toBe(1);
  });
});
