import { EventEmitter } from "node:events";
import type { ClientChannel } from "ssh2";
import { describe, expect, it } from "vitest";
import { onExit, recordExit } from "./channel-exit";

const fakeChannel = () => new EventEmitter() as unknown as ClientChannel;

describe("channel exit status", () => {
  it("keeps an exit status that arrived before anyone listened (same socket read as the exec reply)", () => {
    const channel = fakeChannel();
    recordExit(channel);
    channel.emit("exit", 0);
    const seen: unknown[] = [];
    onExit(channel, (exit) => seen.push(exit));
    expect(seen).toEqual([{ code: 0, signal: null }]);
  });

  it("passes on a later exit, signals included", () => {
    const channel = fakeChannel();
    recordExit(channel);
    const seen: unknown[] = [];
    onExit(channel, (exit) => seen.push(exit));
    channel.emit("exit", null, "SIGKILL");
    expect(seen).toEqual([{ code: null, signal: "SIGKILL" }]);
  });
});
