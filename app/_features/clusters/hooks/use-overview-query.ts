"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { overviewQueryString, parseOverviewQuery, type OverviewQuery } from "@/lib/status/cluster-overview";

/**
 * The overview's search, status filter and sort, kept in the URL's query string (a link or a reload
 * shows the same view). Written with `history.replaceState`, which Next.js's router follows without a
 * server round trip or a history entry per keystroke; a navigation to another query (a link) wins.
 */
export function useOverviewQuery(): [OverviewQuery, (patch: Partial<OverviewQuery>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [query, setQuery] = useState(() => parseOverviewQuery(params));
  const written = useRef(params.toString());
  const current = params.toString();
  useEffect(() => {
    if (current === written.current) return;
    written.current = current;
    setQuery(parseOverviewQuery(new URLSearchParams(current)));
  }, [current]);
  const update = useCallback(
    (patch: Partial<OverviewQuery>) => {
      const next = { ...query, ...patch };
      const search = overviewQueryString(next);
      written.current = search.slice(1);
      window.history.replaceState(window.history.state, "", `${pathname}${search}`);
      setQuery(next);
    },
    [pathname, query],
  );
  return [query, update];
}
