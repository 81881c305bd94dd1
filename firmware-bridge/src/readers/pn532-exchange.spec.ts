import {
  PN532_ACK,
  PN532_CHIP_TO_HOST,
  PN532_NACK,
  Pn532Command,
  buildPn532Frame,
  pn532Requests,
} from '@werkbank/device-protocol';
import { Pn532Exchange } from './pn532-exchange';

const TIMING = { ackTimeoutMs: 30, responseTimeoutMs: 60, maxRetries: 2 };
const ACK = Uint8Array.from(PN532_ACK);
const NACK = Uint8Array.from(PN532_NACK);
const samResponse = () => buildPn532Frame([Pn532Command.SamConfiguration + 1], PN532_CHIP_TO_HOST);

/** A scripted chip: each written frame pops the next reply (bytes to send back, or nothing). */
function harness(replies: Array<(Uint8Array | null)[]>) {
  const written: number[][] = [];
  let exchange: Pn532Exchange | null = null;
  exchange = new Pn532Exchange(async (bytes) => {
    written.push([...bytes]);
    const reply = replies.shift() ?? [];
    setTimeout(() => {
      for (const chunk of reply) if (chunk !== null) exchange?.receive(chunk);
    }, 1);
    return true;
  }, TIMING);
  return { exchange, written };
}

describe('Pn532Exchange', () => {
  it('waits for the ACK, then the response whose command is request + 1', async () => {
    const { exchange, written } = harness([[ACK, samResponse()]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toEqual({
      ok: true,
      params: new Uint8Array(),
    });
    expect(written).toHaveLength(1);
  });

  it('accepts ACK and response in one chunk and a response split byte by byte', async () => {
    const response = samResponse();
    const split = [...response].map((b) => Uint8Array.from([b]));
    const { exchange } = harness([[Uint8Array.from([...ACK, ...response])], [ACK, ...split]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toMatchObject({ ok: true });
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toMatchObject({ ok: true });
  });

  it('resends after a NACK and gives up after maxRetries, aborting with an ACK', async () => {
    const { exchange, written } = harness([[NACK], [NACK], [NACK], []]);
    const result = await exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration);
    expect(result).toEqual({ ok: false, error: 'no ACK after 3 attempts (NACK or noise)' });
    expect(written.slice(0, 3).every((w) => w.length === 12)).toBe(true);
    expect(written[3]).toEqual([...ACK]);
  });

  it('times out without an ACK and aborts', async () => {
    const { exchange, written } = harness([[]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toEqual({
      ok: false,
      error: 'no ACK within 30 ms',
    });
    expect(written[1]).toEqual([...ACK]);
  });

  it('times out without a response after the ACK and aborts', async () => {
    const { exchange, written } = harness([[ACK]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toEqual({
      ok: false,
      error: 'no response within 60 ms',
    });
    expect(written[1]).toEqual([...ACK]);
  });

  it('NACKs a corrupt response to get it again', async () => {
    const corrupt = samResponse();
    corrupt[corrupt.length - 2] ^= 0xff;
    const { exchange, written } = harness([[ACK, corrupt], [samResponse()]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toMatchObject({ ok: true });
    expect(written[1]).toEqual([...NACK]);
    expect(exchange.badFrames).toBe(1);
  });

  it('ignores a late answer to an earlier command', async () => {
    const late = buildPn532Frame([Pn532Command.InListPassiveTarget + 1, 0x00], PN532_CHIP_TO_HOST);
    const { exchange } = harness([[ACK, late, samResponse()]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toMatchObject({ ok: true });
    expect(exchange.strays).toBe(1);
  });

  it('reports an application error frame', async () => {
    const { exchange } = harness([[ACK, Uint8Array.from([0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00])]]);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toEqual({
      ok: false,
      error: 'the chip answered with an application error frame',
    });
  });

  it('fails at once when the port is down', async () => {
    const exchange = new Pn532Exchange(async () => false, TIMING);
    await expect(
      exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration),
    ).resolves.toEqual({
      ok: false,
      error: 'port is not open',
    });
  });

  it('ends a waiting command on reset (port lost)', async () => {
    const exchange = new Pn532Exchange(async () => true, { ...TIMING, ackTimeoutMs: 10_000 });
    const pending = exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration);
    await new Promise((resolve) => setTimeout(resolve, 5));
    exchange.reset();
    await expect(pending).resolves.toEqual({ ok: false, error: 'cancelled: the port was reset' });
  });

  it('does not abort on the new port a command that was cancelled by a reset', async () => {
    const written: number[][] = [];
    const exchange = new Pn532Exchange(async (bytes) => {
      written.push([...bytes]);
      return true;
    }, TIMING);
    const pending = exchange.command(pn532Requests.samConfiguration(), Pn532Command.SamConfiguration);
    await new Promise((resolve) => setTimeout(resolve, 5));
    exchange.reset();
    await pending;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written).toHaveLength(1); // the command itself, no ACK (abort) after the reset
  });
});
