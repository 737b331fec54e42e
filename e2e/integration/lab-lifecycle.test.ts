/** `lab down` removes everything the lab made and nothing else; `lab up` rebuilds it from nothing. */
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { labDown } from "@/e2e/lab/down";
import { listLabNamespaces } from "@/e2e/lab/network";
import { run } from "@/e2e/lab/sh";
import { STATE_DIR } from "@/e2e/lab/state";
import { labUp } from "@/e2e/lab/up";

function labProcesses(): string[] {
  // Lab processes are recognisable by their arguments (lab paths) or by running in a lab namespace.
  const ps = run("ps", ["-eo", "pid=,args="]).stdout.split("\n");
  return ps.filter((line) => /hapair-lab|hpl-/.test(line) && !/ps -eo/.test(line));
}

describe("lab lifecycle", () => {
  it("down leaves no namespace, process, route or file; up rebuilds a serving pair", async () => {
    const routesBefore = run("ip", ["route", "show"])
      .stdout.split("\n")
      .filter((l) => !/10\.0\./.test(l));
    const started = Date.now();
    await labDown();
    const downMs = Date.now() - started;
    expect(listLabNamespaces()).toEqual([]);
    expect(labProcesses()).toEqual([]);
    expect(run("ip", ["route", "show"]).stdout).not.toMatch(/10\.0\./);
    expect(run("ip", ["link", "show", "hpl-host"]).code).not.toBe(0);
    expect(existsSync(STATE_DIR)).toBe(false);
    expect(
      existsSync("/etc/netns") ? readdirSync("/etc/netns").filter((e) => e.startsWith("hpl-")) : [],
    ).toEqual([]);

    const upStarted = Date.now();
    const inventory = await labUp();
    const upMs = Date.now() - upStarted;
    expect(inventory.pairs[0]?.nodes.map((n) => n.name)).toEqual(["lb-01", "lb-02"]);
    const routesAfter = run("ip", ["route", "show"])
      .stdout.split("\n")
      .filter((l) => !/10\.0\./.test(l));
    expect(routesAfter).toEqual(routesBefore);

    const again = Date.now();
    await labUp();
    console.log(
      `[lab-lifecycle] down ${downMs} ms, up from nothing ${upMs} ms, up when already up ${Date.now() - again} ms`,
    );
  }, 120_000);
});
