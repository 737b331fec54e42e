import { describe, expect, it } from "vitest";
import { arpingArgv, macArgv, neighbourArgv, parseArpingReplies, parseMac, parseNeighbour } from "./arp";

// As iputils 20221126 answered on a lab node.
const REPLY = `ARPING 10.0.32.100 from 10.0.32.12 eth0
Unicast reply from 10.0.32.100 [BA:97:18:A8:A8:A4]  0.651ms
Sent 1 probes (1 broadcast(s))
Received 1 response(s)
`;

describe("ARP truth commands", () => {
  it("asks once out of the node's own interface, waiting a second at most; the witness and sysfs by VIP and interface", () => {
    expect(arpingArgv("ens3", "10.0.32.100").join(" ")).toBe("arping -c 1 -w 1 -I ens3 10.0.32.100");
    expect(neighbourArgv("10.0.32.100")).toEqual(["ip", "neigh", "show", "10.0.32.100"]);
    expect(macArgv("ens3")).toEqual(["cat", "/sys/class/net/ens3/address"]);
  });
});

describe("ARP truth parsers", () => {
  it("reads the MAC that answered arping, none on silence, two on a duplicate address", () => {
    expect(parseArpingReplies(REPLY, "10.0.32.100")).toEqual(["ba:97:18:a8:a8:a4"]);
    expect(
      parseArpingReplies(
        "ARPING 10.0.32.199 from 10.0.32.12 eth0\nSent 1 probes\nReceived 0 response(s)\n",
        "10.0.32.199",
      ),
    ).toEqual([]);
    const two = `${REPLY}Unicast reply from 10.0.32.100 [02:00:00:00:00:01]  0.9ms\n`;
    expect(parseArpingReplies(two, "10.0.32.100")).toEqual(["02:00:00:00:00:01", "ba:97:18:a8:a8:a4"]);
    expect(
      parseArpingReplies("Unicast reply from 10.0.32.1 [02:00:00:00:00:01]  0.9ms", "10.0.32.100"),
    ).toEqual([]);
    expect(parseArpingReplies("Unicast reply from 10.0.32.100 [not-a-mac]", "10.0.32.100")).toEqual([]);
  });

  it("reads the witness's neighbour entry: MAC and state, none without lladdr, null when absent", () => {
    expect(parseNeighbour("10.0.32.100 dev eth0 lladdr ba:97:18:a8:a8:a4 STALE \n", "10.0.32.100")).toEqual({
      mac: "ba:97:18:a8:a8:a4",
      state: "STALE",
      device: "eth0",
    });
    expect(parseNeighbour("10.0.32.100 dev eth0 FAILED\n", "10.0.32.100")).toEqual({
      mac: null,
      state: "FAILED",
      device: "eth0",
    });
    expect(parseNeighbour("", "10.0.32.100")).toBeNull();
    expect(
      parseNeighbour("10.0.32.1000 dev eth0 lladdr ba:97:18:a8:a8:a4 REACHABLE", "10.0.32.100"),
    ).toBeNull();
  });

  it("reads an interface's MAC", () => {
    expect(parseMac("D2:DE:E0:38:24:03\n")).toBe("d2:de:e0:38:24:03");
    expect(parseMac("cat: /sys/class/net/eth9/address: No such file")).toBeNull();
  });
});
