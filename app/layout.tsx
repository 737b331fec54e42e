import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SplitBrainBanner } from "./_features/alerts/components/split-brain-banner";
import { AgentsDownBanner } from "./_features/health/components/agents-down-banner";
import { SignOutButton } from "./_features/auth/components/sign-out-button";
import { CurrentUserProvider } from "./_features/auth/hooks/use-current-user";
import { currentUser } from "./_lib/page-auth";
import { can, type Capability } from "@/lib/auth/roles";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "hapair",
  description: "Control plane for active-passive HAProxy + Keepalived pairs",
};

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

/** Navigation, each link shown only to roles that can use its page (the page checks again). */
const NAV: { href: string; label: string; capability: Capability | null }[] = [
  { href: "/", label: "Clusters", capability: null },
  { href: "/alerts", label: "Alerts", capability: "read" },
  { href: "/clusters/new", label: "New cluster", capability: "edit-cluster" },
  { href: "/clusters/import", label: "Import", capability: "edit-cluster" },
  { href: "/settings/tokens", label: "API tokens", capability: "read" },
  { href: "/admin/users", label: "Users", capability: "manage-users" },
  { href: "/admin/notifications", label: "Notifications", capability: "manage-notifications" },
  { href: "/admin/audit", label: "Audit log", capability: "read-audit" },
  { href: "/api-docs", label: "API", capability: "read" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentUser();
  const user = session ? { username: session.username, role: session.role } : null;
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <CurrentUserProvider user={user}>
            <header className="border-b border-slate-200 bg-white">
              <nav className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
                <Link href="/" className="text-lg font-semibold tracking-tight">
                  hapair
                </Link>
                {user && (
                  <>
                    {NAV.filter((item) => item.capability === null || can(user.role, item.capability)).map(
                      (item) => (
                        <Link
                          key={item.href}
                          href={item.href}
                          className="text-sm text-slate-600 hover:text-slate-900"
                        >
                          {item.label}
                        </Link>
                      ),
                    )}
                    <span className="ml-auto text-sm text-slate-500" data-testid="signed-in-as">
                      {user.username} · {user.role}
                    </span>
                    <SignOutButton />
                  </>
                )}
              </nav>
            </header>
            <SplitBrainBanner />
            <AgentsDownBanner />
            <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
          </CurrentUserProvider>
        </Providers>
      </body>
    </html>
  );
}
