/**
 * A card held on a reader is seen again and again (RDM6300 frames every ~65 ms, each PN532 poll, some USB
 * readers repeat their line): it counts once until it has been away for `releaseMs`. Time is an argument.
 */
export class HeldCardDebouncer {
  private held: { uid: string; lastSeen: number } | null = null;

  constructor(private readonly releaseMs = 1000) {}

  /** True when this sighting is a new tap; false while the same card is still held. */
  accept(uid: string, nowMs: number): boolean {
    if (this.held !== null && this.held.uid === uid && nowMs - this.held.lastSeen < this.releaseMs) {
      this.held.lastSeen = nowMs;
      return false;
    }
    this.held = { uid, lastSeen: nowMs };
    return true;
  }

  reset(): void {
    this.held = null;
  }
}
