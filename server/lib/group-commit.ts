// Group commit: work that arrives while a batch is being written waits for the next batch, which writes it all
// in one transaction. Each caller is answered only after its batch committed, so an acknowledged write is stored;
// under light load a batch holds one item and costs what a single write costs. When a batch fails, each of its
// items is written again alone, so one bad item fails only its own caller.

import { commitOutcomeUnknown } from './db.ts';

export class GroupCommit<In, Out> {
  private queue: Array<{ item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;
  private running = 0;

  /**
   * `write` stores the items in one transaction and answers their results in the same order. `lanes` batches may
   * be written at once (each on a connection of its own): on a server database a batch spends most of its time
   * waiting for replies, so a second one can be written meanwhile; one lane is one batch after another.
   */
  constructor(
    private readonly write: (items: In[]) => Promise<Out[]>,
    private readonly maxBatch: number,
    private readonly lanes = 1,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // What arrives in this turn of the event loop joins the batch.
      if (!this.scheduled && this.running < this.lanes) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.start();
        });
      }
    });
  }

  /** Starts a batch on every free lane while items wait; a lane that ends takes the next batch at once. */
  private start(): void {
    while (this.running < this.lanes && this.queue.length > 0) {
      this.running++;
      void this.flush(this.queue.splice(0, this.maxBatch)).finally(() => {
        this.running--;
        this.start();
      });
    }
  }

  private async flush(batch: typeof this.queue): Promise<void> {
    try {
      const outs = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outs[i]));
      return;
    } catch (err) {
      // A batch whose COMMIT may have gone through (the connection or the Galera node went during it) is not
      // written again item by item: that could store every item twice. Its callers hear of the failure.
      if (batch.length === 1 || commitOutcomeUnknown(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
    }
    for (const p of batch) {
      try {
        p.resolve((await this.write([p.item]))[0]);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
