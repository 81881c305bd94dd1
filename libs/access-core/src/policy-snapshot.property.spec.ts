import fc from 'fast-check';
import {
  applyToSnapshot,
  applyToWorld,
  buildSnapshot,
  instant,
  mutationArb,
  worldArb,
} from '../testing/access.arbitraries';
import { decide } from './decide';

describe('policy snapshot properties', () => {
  it('an incrementally updated snapshot decides exactly like one rebuilt from the final data', () => {
    fc.assert(
      fc.property(worldArb, fc.array(mutationArb, { maxLength: 25 }), instant, (initial, mutations, now) => {
        const live = buildSnapshot(initial);
        let world = initial;
        for (const mutation of mutations) {
          applyToSnapshot(live, mutation);
          world = applyToWorld(world, mutation);
        }
        const rebuilt = buildSnapshot(world);
        for (const uidHash of ['uid-0', 'uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']) {
          for (const machineId of world.machines.map((m) => m.machineId)) {
            const request = { uidHash, machineId };
            expect(decide(live, request, now)).toEqual(decide(rebuilt, request, now));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
