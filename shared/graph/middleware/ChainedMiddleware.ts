import type { Context, Middleware } from "@microsoft/microsoft-graph-client";

/** The chain plumbing every middleware here shares: the SDK hands each one its successor. */
export abstract class ChainedMiddleware implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  /** The rest of the chain; `Client.initWithMiddleware` links every middleware before any request runs. */
  protected passOn(context: Context): Promise<void> {
    return this.next!.execute(context);
  }

  abstract execute(context: Context): Promise<void>;
}
