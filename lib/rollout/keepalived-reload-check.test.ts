import { describe, expect, it } from "vitest";
import { checkKeepalivedReload, describeReloadCheck } from "./keepalived-reload-check";

const master = { state: "MASTER" as const, holdsVip: true, since: 1_000 };

describe("a keepalived reload's effect on the VRRP state", () => {
  it("keeps a master that stays MASTER with its VIP and no transition", () => {
    const check = checkKeepalivedReload(master, master, 40, 3609);
    expect(check.masterLeftDuringReload).toBe(false);
    expect(describeReloadCheck(check)).toBe(
      "VRRP state kept through the reload (MASTER → MASTER; reload 40 ms against a master-down time of 3609 ms)",
    );
  });

  it("sees a master that went BACKUP, lost its VIP, or bounced back (the hook's time moved)", () => {
    expect(
      checkKeepalivedReload(master, { ...master, state: "BACKUP" }, 40, 3609).masterLeftDuringReload,
    ).toBe(true);
    expect(
      checkKeepalivedReload(master, { ...master, holdsVip: false }, 40, 3609).masterLeftDuringReload,
    ).toBe(true);
    const bounced = checkKeepalivedReload(master, { ...master, since: 1_004 }, 40, 3609);
    expect(bounced).toMatchObject({ masterLeftDuringReload: true, hookSawTransition: true });
    expect(describeReloadCheck(bounced)).toMatch(
      /^WARNING: the master left MASTER .*notify hook saw a transition/,
    );
  });

  it("does not count a backup's own changes, or a missing hook, against the reload", () => {
    const backup = { state: "BACKUP" as const, holdsVip: false, since: 1_000 };
    expect(checkKeepalivedReload(backup, { ...backup, since: 2_000 }, 40, 3609).masterLeftDuringReload).toBe(
      false,
    );
    expect(
      checkKeepalivedReload({ ...master, since: null }, { ...master, since: 5_000 }, 40, 3609)
        .hookSawTransition,
    ).toBe(false);
  });
});
