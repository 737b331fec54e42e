import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "./_features/auth/components/sign-out-button";
import { CurrentUserProvider } from "./_features/auth/hooks/use-current-user";
import { currentUser } from "./_lib/page-auth";
import { can } from "@/lib/auth/roles";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "hapair",
  description: "Control plane for active-passive HAProxy + Keepalived pairs",
};

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

const navLink = "text-sm text-slate-600 hover:text-slate-900";

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
                    <Link href="/" className={navLink}>
                      Clusters
                    </Link>
                    {can(user.role, "edit-cluster") && (
                      <Link href="/clusters/new" className={navLink}>
                        New cluster
                      </Link>
                    )}
                    {can(user.role, "manage-users") && (
                      <Link href="/admin/users" className={navLink}>
                        Users
                      </Link>
                    )}
                    {can(user.role, "read-audit") && (
                      <Link href="/admin/audit" className={navLink}>
                        Audit log
                      </Link>
                    )}
                    <span className="ml-auto text-sm text-slate-500" data-testid="signed-in-as">
                      {user.username} · {user.role}
                    </span>
                    <SignOutButton />
                  </>
                )}
              </nav>
            </header>
            <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
          </CurrentUserProvider>
        </Providers>
      </body>
    </html>
  );
}
