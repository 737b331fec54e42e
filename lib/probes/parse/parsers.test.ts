import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseShowInfo } from "./haproxy-info";
import { parseShowStat, serverTakesTraffic } from "./haproxy-stat";
import { parseIpAddrJson, vipsHeld } from "./ip-addr";
import { parseIpMonitorLine } from "./ip-monitor";
import { parseShowProc } from "./master-proc";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");

describe("parseIpAddrJson", () => {
  const json = JSON.stringify([
    {
      ifindex: 1,
      ifname: "lo",
      flags: ["LOOPBACK", "UP"],
      addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }],
    },
    {
      ifindex: 2,
      ifname: "eth0",
      flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
      addr_info: [
        { family: "inet", local: "10.0.0.11", prefixlen: 24 },
        { family: "inet", local: "10.0.0.100", prefixlen: 24, secondary: true },
        { family: "inet6", local: "fe80::1", prefixlen: 64 },
      ],
    },
  ]);

  it("lists every interface's addresses with the secondary flag", () => {
    const interfaces = parseIpAddrJson(json);
    expect(interfaces.map((i) => i.name)).toEqual(["lo", "eth0"]);
    expect(interfaces[1]?.addresses[1]).toEqual({
      family: "inet",
      address: "10.0.0.100",
      prefixLength: 24,
      secondary: true,
    });
  });

  it("finds which VIPs are held", () => {
    expect(vipsHeld(parseIpAddrJson(json), ["10.0.0.100", "10.0.0.101"])).toEqual(["10.0.0.100"]);
  });

  it("rejects garbage", () => {
    expect(() => parseIpAddrJson("{}")).toThrow(/array/);
    expect(() => parseIpAddrJson("not json")).toThrow();
  });
});

describe("parseIpMonitorLine", () => {
  it("reads additions and deletions with or without a timestamp", () => {
    expect(
      parseIpMonitorLine(
        "[2026-11-24T20:01:02.123456] 2: eth0    inet 10.0.0.100/24 scope global secondary eth0",
      ),
    ).toEqual({
      kind: "added",
      interfaceName: "eth0",
      family: "inet",
      address: "10.0.0.100",
      prefixLength: 24,
    });
    expect(
      parseIpMonitorLine("Deleted 2: eth0    inet 10.0.0.100/24 scope global secondary eth0")?.kind,
    ).toBe("deleted");
  });

  it("ignores lines that are not address changes", () => {
    expect(parseIpMonitorLine("    valid_lft forever preferred_lft forever")).toBeNull();
    expect(parseIpMonitorLine("")).toBeNull();
  });
});

describe("parseShowInfo", () => {
  it("reads pid, uptime and stopping", () => {
    const info = parseShowInfo(
      "Name: HAProxy\nVersion: 2.6.12-1+deb12u4\nPid: 8128\nUptime_sec: 1\nStopping: 0\nCurrConns: 3\n",
    );
    expect(info).toMatchObject({
      pid: 8128,
      uptimeSec: 1,
      version: "2.6.12-1+deb12u4",
      stopping: false,
      currentConnections: 3,
    });
  });

  it("rejects an answer without Pid or Version", () => {
    expect(() => parseShowInfo("Unknown command.\n")).toThrow(/show info/);
  });
});

describe("parseShowStat", () => {
  const rows = parseShowStat(fixture("show-stat.csv"));

  it("reads rows by header name", () => {
    expect(rows.map((row) => `${row.proxy}/${row.name}:${row.type}:${row.status}`)).toEqual([
      "fe/FRONTEND:frontend:OPEN",
      "be_app/app-01:server:DOWN",
      "be_app/app-02:server:UP 1/3",
      "be_app/app-03:server:no check",
      "be_app/BACKEND:backend:UP",
    ]);
    expect(rows[1]).toMatchObject({
      checkStatus: "L4CON",
      checkDescription: "Layer4 connection problem",
      address: "127.0.0.1:18081",
    });
    expect(rows[2]).toMatchObject({ currentSessions: 2, totalSessions: 7, weight: 1 });
  });

  it("classifies server states", () => {
    expect(["UP", "UP 1/3", "no check"].every(serverTakesTraffic)).toBe(true);
    expect(["DOWN", "DOWN 1/2", "MAINT", "MAINT (via b/s)", "DRAIN", "NOLB"].some(serverTakesTraffic)).toBe(
      false,
    );
  });

  it("rejects an answer without a header", () => {
    expect(() => parseShowStat("Permission denied\n")).toThrow(/header/);
  });
});

describe("parseShowProc", () => {
  it("reads the master's reload counters and its workers", () => {
    expect(parseShowProc(fixture("show-proc-after-reload.txt"))).toEqual({
      masterPid: 8092,
      reloads: 1,
      failedReloads: 0,
      workers: [
        { pid: 8128, reloads: 0, uptime: "0d00h00m01s" },
        { pid: 8093, reloads: 1, uptime: "0d00h00m07s" },
      ],
    });
  });

  it("rejects an answer without a master line", () => {
    expect(() => parseShowProc("Unknown command\n")).toThrow(/master/);
  });
});
