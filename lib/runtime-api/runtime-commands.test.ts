import { describe, expect, it } from "vitest";
import {
  adminStateOf,
  expectedAdminState,
  parseServersState,
  parseSetServerReply,
  resetServerWeightCommand,
  setServerStateCommand,
} from "./runtime-commands";
import { serverActionRequestSchema } from "./server-action";

// As HAProxy 2.6 answered on a lab node, app-02 drained and app-03 in maintenance.
const DUMP = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 be_app 1 app-01 10.0.1.11 2 0 1 1 1759 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0
3 be_app 2 app-02 10.0.1.12 2 8 1 1 12 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0
3 be_app 3 app-03 10.0.1.13 0 1 1 1 3 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0

`;

describe("runtime API commands", () => {
  it("builds set server commands from checked names only", () => {
    expect(setServerStateCommand("be_app", "app-01", "drain")).toBe("set server be_app/app-01 state drain");
    expect(() => setServerStateCommand("be_app", "app-01; shutdown sessions", "ready")).toThrow(
      /server name/,
    );
    expect(() => setServerStateCommand("be/x", "a", "maint")).toThrow(/backend name/);
    expect(resetServerWeightCommand("be_app", "app-01")).toBe("set server be_app/app-01 weight 100%");
    expect(() => resetServerWeightCommand("be_app", "a b")).toThrow(/server name/);
  });

  it("reads an empty reply as success and a sentence as the error", () => {
    expect(parseSetServerReply("\n")).toEqual({ ok: true });
    expect(parseSetServerReply("")).toEqual({ ok: true });
    expect(parseSetServerReply("No such server.\n\n")).toEqual({ ok: false, error: "No such server." });
    expect(parseSetServerReply("Permission denied\n")).toEqual({ ok: false, error: "Permission denied" });
  });

  it("parses show servers state into admin states and keeps the text for the state file", () => {
    const dump = parseServersState(DUMP);
    expect(dump.servers).toEqual([
      { backend: "be_app", server: "app-01", adminState: "READY" },
      { backend: "be_app", server: "app-02", adminState: "DRAIN" },
      { backend: "be_app", server: "app-03", adminState: "MAINT" },
    ]);
    expect(dump.text.startsWith("1\n# be_id")).toBe(true);
    expect(dump.text.endsWith(" - - 0\n")).toBe(true);
  });

  it("refuses answers that are not a state dump, so the state file is never overwritten with them", () => {
    expect(() => parseServersState("Unknown command.\n")).toThrow(/unexpected/);
    expect(() => parseServersState("")).toThrow(/unexpected/);
    expect(() => parseServersState("1\nno header\n")).toThrow(/header/);
    expect(() => parseServersState(DUMP.replace(" 2 8 1 1 12", " 2 x 1 1 12"))).toThrow(/bad line/);
  });

  it("maps admin-state bits as show stat does: maintenance wins over drain", () => {
    expect([0, 0x08, 0x10, 0x01, 0x02, 0x09, 0x20].map(adminStateOf)).toEqual([
      "READY",
      "DRAIN",
      "DRAIN",
      "MAINT",
      "MAINT",
      "MAINT",
      "MAINT",
    ]);
    expect(["drain", "maint", "ready"].map((a) => expectedAdminState(a as "drain"))).toEqual([
      "DRAIN",
      "MAINT",
      "READY",
    ]);
  });
});

describe("the server action request schema", () => {
  it("accepts the three actions and names each bad field", () => {
    expect(serverActionRequestSchema.parse({ backend: "be_app", server: "app-01", action: "drain" })).toEqual(
      { backend: "be_app", server: "app-01", action: "drain" },
    );
    const bad = serverActionRequestSchema.safeParse({
      backend: "be app",
      server: "",
      action: "stop",
      extra: 1,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join(".") || i.code);
    expect(paths).toEqual(expect.arrayContaining(["backend", "server", "action"]));
  });
});
