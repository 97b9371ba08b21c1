/**
 * A TCP proxy on 127.0.0.1 between the API and its store, for `npm run stress`: it forwards bytes both
 * ways until told to fail. Loopback only; nothing here reaches the network.
 *
 *   reset()  every open connection is torn down with a TCP RST (ECONNRESET on both sides);
 *   hang()   connections stay open but nothing more is forwarded either way, and new ones hang too
 *            (a store that stopped answering: the client sees a timeout, not an error);
 *   refuse() new connections are reset at once (a store that is down: ECONNRESET / ECONNREFUSED-like);
 *   pass()   normal forwarding again; connections that were hung are reset (their streams are corrupt).
 */
import net from "node:net";

type Mode = "pass" | "hang" | "refuse";

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  hung: boolean;
}

export class FaultProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<Pair>();
  private mode: Mode = "pass";
  port = 0;
  /** Connections accepted, and torn down by reset() / refuse() / pass() after hang(). */
  readonly counts = { accepted: 0, reset: 0 };

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: net.Socket): void {
    this.counts.accepted++;
    client.on("error", () => undefined);
    if (this.mode === "refuse") {
      this.counts.reset++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, hung: this.mode === "hang" };
    this.pairs.add(pair);
    upstream.on("error", () => client.destroy());
    client.on("data", (d) => {
      if (!pair.hung) upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (!pair.hung) client.write(d);
    });
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", drop);
    upstream.on("close", drop);
  }

  /** Tear down every open connection with a RST. */
  reset(): void {
    for (const p of [...this.pairs]) {
      this.counts.reset++;
      p.client.resetAndDestroy();
      p.upstream.destroy();
      this.pairs.delete(p);
    }
  }

  hang(): void {
    this.mode = "hang";
    for (const p of this.pairs) p.hung = true;
  }

  refuse(): void {
    this.mode = "refuse";
    this.reset();
  }

  pass(): void {
    this.mode = "pass";
    for (const p of [...this.pairs]) {
      if (!p.hung) continue;
      this.counts.reset++;
      p.client.resetAndDestroy();
      p.upstream.destroy();
      this.pairs.delete(p);
    }
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
