import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { declaredServers, isDeclared, unknownServers } from "./declared-servers";

describe("declared servers", () => {
  it("lists each backend's and listen section's servers; anything else is unknown, once each", () => {
    const definition = clusterDefinitionSchema.parse(articlePair);
    const listen = {
      kind: "listen" as const,
      name: "stats_l",
      lines: ["bind :9000", "  server st1 10.0.0.9:80 check"],
    };
    const declared = declaredServers({
      ...definition,
      haproxy: { ...definition.haproxy, sections: [listen] },
    });
    const [backend] = definition.haproxy.backends;
    const server = backend?.servers[0]?.name ?? "";
    expect(isDeclared(declared, backend?.name ?? "", server)).toBe(true);
    expect(isDeclared(declared, "stats_l", "st1")).toBe(true);
    expect(isDeclared(declared, "constructor", "x")).toBe(false);
    const reported = [
      { backend: "be_fake", server: "s1" },
      { backend: "be_fake", server: "s1" },
      { backend: backend?.name ?? "", server: "nope" },
      { backend: backend?.name ?? "", server },
    ];
    expect(unknownServers(declared, reported)).toEqual([`${backend?.name}/nope`, "be_fake/s1"].sort());
  });
});
