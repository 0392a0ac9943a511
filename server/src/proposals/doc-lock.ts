/**
 * Runs async work one at a time per document. Proposal changes go through it so
 * that two adoptions on one document are decided in turn: the second sees the
 * block the first produced (and gets 409), never the text both started from.
 */
export class DocLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(docId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(docId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(docId, tail);
    // Forget the document once its queue is empty, so the map does not grow.
    void tail.then(() => {
      if (this.tails.get(docId) === tail) this.tails.delete(docId);
    });
    return result;
  }
}
