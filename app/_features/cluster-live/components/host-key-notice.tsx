"use client";
import { useState } from "react";
import type { LiveNode } from "@/lib/status/cluster-live-view";
import { Checkbox } from "@/app/_components/ui/form";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { useAcceptHostKey } from "../hooks/use-accept-host-key";

/** A node's host key waiting for an operator: what was trusted, what is presented, and an explicit accept. */
export function HostKeyNotice({ clusterId, node }: { clusterId: string; node: LiveNode }) {
  const [verified, setVerified] = useState(false);
  const accept = useAcceptHostKey(clusterId, node.id);
  const allowed = useCan("manage-credentials");
  const presented = node.seenHostKeyFingerprint;
  const mismatch = node.hostKeyStatus === "mismatch";
  if (!presented || (node.hostKeyStatus !== "mismatch" && node.hostKeyStatus !== "unknown")) return null;
  return (
    <div
      data-testid="host-key-notice"
      className={`mb-2 space-y-1 rounded p-2 text-xs ${mismatch ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900"}`}
    >
      <p className="font-semibold">
        {mismatch ? "Host key changed: connection refused." : "Host key not accepted yet: not connecting."}
      </p>
      {node.hostKeyFingerprint && (
        <p>
          Accepted key (first seen): <code data-testid="host-key-pinned">{node.hostKeyFingerprint}</code>
        </p>
      )}
      <p>
        Presented now: <code data-testid="host-key-presented">{presented}</code>
      </p>
      {!allowed && <p>An admin must compare and accept the presented key.</p>}
      {allowed && (
        <>
          <Checkbox
            checked={verified}
            onChange={setVerified}
            className="flex items-center gap-2"
            testId="host-key-verified"
          >
            I compared this fingerprint with <code>ssh-keygen -lf</code> on the node
          </Checkbox>
          <button
            type="button"
            disabled={!verified || accept.isPending}
            onClick={() => accept.mutate(presented)}
            className="rounded bg-slate-800 px-2 py-1 font-semibold text-white disabled:opacity-40"
            data-testid="host-key-accept"
          >
            Accept presented key
          </button>
          {accept.error && <p role="alert">{accept.error.message}</p>}
        </>
      )}
    </div>
  );
}
