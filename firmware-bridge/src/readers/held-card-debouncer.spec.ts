import { HeldCardDebouncer } from './held-card-debouncer';

describe('HeldCardDebouncer', () => {
  it('counts a held card once and again after it was away for releaseMs', () => {
    const debouncer = new HeldCardDebouncer(1000);
    expect(debouncer.accept('AA', 0)).toBe(true);
    // Seen every 250 ms for 5 s: still held, because each sighting renews it.
    for (let t = 250; t <= 5000; t += 250) expect(debouncer.accept('AA', t)).toBe(false);
    expect(debouncer.accept('AA', 6000)).toBe(true);
  });

  it('lets a different card through at once and forgets on reset', () => {
    const debouncer = new HeldCardDebouncer(1000);
    expect(debouncer.accept('AA', 0)).toBe(true);
    expect(debouncer.accept('BB', 10)).toBe(true);
    expect(debouncer.accept('AA', 20)).toBe(true);
    debouncer.reset();
    expect(debouncer.accept('AA', 30)).toBe(true);
  });
});
