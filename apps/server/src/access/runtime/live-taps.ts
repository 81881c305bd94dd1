import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TapEvent } from '@werkbank/contracts';
import type { CardEvent } from '@werkbank/device-protocol';
import { CardHasher } from '../../cards/card-hasher';
import { Clock, CLOCK } from '../../common/clock';
import type { RegisteredDevice } from '../../devices/device-directory';
import { LiveHub } from '../live-hub';
import { AccessState } from './access-state';

/** What a tap's decision says, for the board (machine and entrance taps alike). */
export type TapOutcome = Pick<TapEvent, 'machineId' | 'outcome' | 'reason' | 'memberKey' | 'sessionId'> & {
  memberId: string | null;
};

/** A decided tap on the live board: the card by its suffix, the member by pseudonym (and name where allowed). */
@Injectable()
export class LiveTaps {
  constructor(
    private readonly state: AccessState,
    private readonly hub: LiveHub,
    private readonly hasher: CardHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  show(device: RegisteredDevice, card: CardEvent, receivedAt: number, tap: TapOutcome): void {
    const { memberId, ...decided } = tap;
    this.hub.tap(
      device.entity.siteId,
      {
        id: randomUUID(),
        at: new Date(receivedAt).toISOString(),
        deviceId: device.entity.id,
        siteId: device.entity.siteId,
        cardSuffix: this.hasher.suffix(card.uid),
        decisionMs: this.clock.now().getTime() - receivedAt,
        ...decided,
      },
      this.state.memberName(memberId),
    );
  }
}
