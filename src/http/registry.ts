import { HostLane } from './host-lane.js';
import { ProviderHttp, type ProviderHttpOptions, type RunHttpSettings } from './provider-http.js';

/**
 * The run's provider clients, one lane per host: every client reaching a host (the current run
 * and its baseline, or several sources on the same instance) shares its in-flight limit and its
 * 429 pause. Made for each run (each entry of `sources`) by main.ts, on the step's lanes.
 */
/** Host → its lane; one map for a whole step, so that several sources reaching a host share it. */
export type HostLanes = Map<string, HostLane>;

export class HttpRegistry {
  private readonly clients: ProviderHttp[] = [];

  constructor(
    private readonly settings: RunHttpSettings,
    /** The step's lanes, shared with the other entries of `sources`; a map of its own for a single run. */
    private readonly lanes: HostLanes = new Map(),
  ) {}

  /** A client for `baseUrl` (an origin), sending through that host's lane. */
  client(options: ProviderHttpOptions & { provider: string; baseUrl: string }): ProviderHttp {
    const host = new URL(options.baseUrl).host.toLowerCase();
    let lane = this.lanes.get(host);
    if (!lane) this.lanes.set(host, (lane = new HostLane(options.concurrency)));
    else if (options.concurrency !== undefined) lane.atMost(options.concurrency);
    const client = new ProviderHttp({ ...this.settings, ...options }, lane);
    this.clients.push(client);
    return client;
  }

  /** One line per client that needed retries (each retry was an info line already); `complete`: the run was read. */
  retrySummaries(complete: boolean): string[] {
    return this.clients.map((c) => c.retrySummary(complete)).filter((line): line is string => line !== undefined);
  }
}
