import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "hapair",
  description: "Control plane for active-passive HAProxy + Keepalived pairs",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <nav className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
              <Link href="/" className="text-lg font-semibold tracking-tight">
                hapair
              </Link>
              <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
                Clusters
              </Link>
              <Link href="/clusters/new" className="text-sm text-slate-600 hover:text-slate-900">
                New cluster
              </Link>
              <Link href="/clusters/import" className="text-sm text-slate-600 hover:text-slate-900">
                Import
              </Link>
            </nav>
          </header>
          <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
