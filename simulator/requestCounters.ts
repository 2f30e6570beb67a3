/** Requests seen by the API, by method and route template, with their answer statuses. */
export interface RouteCount {
  method: string;
  route: string;
  count: number;
  statuses: Record<string, number>;
}

export class RequestCounters {
  private counts = new Map<string, RouteCount>();

  record(method: string, route: string, status: number | "no-response"): void {
    const key = `${method} ${route}`;
    const entry = this.counts.get(key) ?? { method, route, count: 0, statuses: {} };
    entry.count += 1;
    entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
    this.counts.set(key, entry);
  }

  snapshot(): { total: number; routes: RouteCount[] } {
    const routes = [...this.counts.values()].sort(
      (a, b) => b.count - a.count || a.route.localeCompare(b.route),
    );
    return { total: routes.reduce((sum, r) => sum + r.count, 0), routes: structuredClone(routes) };
  }

  reset(): void {
    this.counts.clear();
  }
}
