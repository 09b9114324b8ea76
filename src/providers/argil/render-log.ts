/**
 * Which Argil videos this gateway was asked to render, per credential
 * digest: Argil shows IDLE both before a render is asked for and just after,
 * and only the asking tells the two apart (models/videos.ts). Kept for a
 * week, at most 100,000 entries, in process (a shared store can implement
 * the same two methods).
 */
export interface RenderLog {
  mark(scope: string, videoId: string): void;
  has(scope: string, videoId: string): boolean;
}

export class InProcessRenderLog implements RenderLog {
  private readonly asked = new Map<string, number>();

  constructor(
    private readonly ttlMs = 7 * 24 * 60 * 60 * 1000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  mark(scope: string, videoId: string): void {
    const key = `${scope}\n${videoId}`;
    this.asked.delete(key);
    this.asked.set(key, this.now() + this.ttlMs);
    for (const [oldest, expiresAt] of this.asked) {
      if (this.asked.size <= this.maxEntries && expiresAt > this.now()) break;
      this.asked.delete(oldest);
    }
  }

  has(scope: string, videoId: string): boolean {
    const expiresAt = this.asked.get(`${scope}\n${videoId}`);
    return expiresAt !== undefined && expiresAt > this.now();
  }
}
