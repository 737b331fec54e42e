import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseKeepalivedStateFile } from "./keepalived-state";
import { parseNodeFacts } from "./node-facts";

// Captured from lab node lb-01 (MASTER) running lib/probes/node-facts.sh.
const captured = readFileSync(join(__dirname, "__fixtures__", "node-facts-lb-01.txt"), "utf8");

describe("parseNodeFacts", () => {
  it("reads a real node's facts", () => {
    const facts = parseNodeFacts(captured);
    expect(facts.problems).toEqual([]);
    expect(facts.nonlocalBind).toBe(true);
    expect(facts.haproxyMasterPid).toBe(374);
    expect(facts.keepalivedPid).toBe(26);
    expect(facts.keepalivedHook).toBeNull();
    expect(facts.keepalivedInstances).toEqual([
      { name: "VI_1", state: "MASTER", basePriority: 110, effectivePriority: 110, vips: ["10.0.0.100"] },
    ]);
    expect(facts.interfaces.find((i) => i.name === "eth0")?.addresses.map((a) => a.address)).toContain(
      "10.0.0.100",
    );
    expect(facts.checksums["/etc/haproxy/haproxy.cfg"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("drops the VRRP password that keepalived's dump carries", () => {
    expect(captured).toContain("auth_data");
    expect(JSON.stringify(parseNodeFacts(captured))).not.toMatch(/auth_data|labpass/);
  });

  it("reports missing files and truncated output", () => {
    const facts = parseNodeFacts("@@checksums\nmissing  /etc/haproxy/certs/x.pem\n@@end\n");
    expect(facts.checksums).toEqual({ "/etc/haproxy/certs/x.pem": null });
    expect(facts.problems[0]).toMatch(/ip addr/);
    expect(() => parseNodeFacts("@@ip\n[]\n")).toThrow(/truncated/);
  });

  it("tells which HAProxy sockets are missing", () => {
    const facts = parseNodeFacts(
      "@@sockets\nmissing /run/haproxy/admin.sock\npresent /run/haproxy-master.sock\n@@end\n",
    );
    expect(facts.missingSockets).toEqual(["/run/haproxy/admin.sock"]);
  });

  it("keeps going when one section is garbage", () => {
    const facts = parseNodeFacts("@@ip\n{{{\n@@keepalived_pid\n26\n@@keepalived_json\nnot json\n@@end\n");
    expect(facts.keepalivedPid).toBe(26);
    expect(facts.problems).toHaveLength(2);
  });
});

describe("parseKeepalivedStateFile", () => {
  it("reads the hook's lines", () => {
    expect(parseKeepalivedStateFile("VI_1 MASTER 110 1795552708\n")).toEqual({
      instances: [{ name: "VI_1", state: "MASTER", priority: 110, since: new Date(1795552708 * 1000) }],
    });
    expect(() => parseKeepalivedStateFile("VI_1 BOSS 1 1\n")).toThrow(/unknown VRRP state/);
  });
});
