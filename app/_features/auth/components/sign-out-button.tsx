"use client";

import { useState } from "react";
import { apiJson } from "@/app/_lib/api-client";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className="text-sm text-slate-600 hover:text-slate-900"
      onClick={async () => {
        setBusy(true);
        // Signed out or not (an expired session), the sign-in page is where to go.
        await apiJson<unknown>("/api/auth/logout", { method: "POST" }).catch(() => undefined);
        window.location.assign("/login");
      }}
    >
      Sign out
    </button>
  );
}
