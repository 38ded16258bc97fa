// The listeners of one event, for the core's classes, which cannot use vscode.EventEmitter.

export class Listeners<T = void> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Adds a listener; disposing what this returns removes it. */
  add(listener: (value: T) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Tells each listener there is now; one added while they are told waits for the next time. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  clear(): void {
    this.listeners.clear();
  }
}
