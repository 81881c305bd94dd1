import fc from 'fast-check';
import { loadMqttFixtures } from '../../testing/fixtures';
import type { PrinterEvent } from '../device-event';
import { payloadArbitrary, assertWellFormed } from '../../testing/fuzz';
import {
  BambuStateMerger,
  encodeBambuPrintCommand,
  encodeBambuPushAll,
  matchBambuReportTopic,
  parseBambuReport,
  printerEventOf,
} from './bambu.codec';

const FILE = 'bambu/bambu_reports.json';
const fixtures = loadMqttFixtures(FILE);

const printer = (
  state: PrinterEvent['state'],
  progress: number | null,
  remainingMinutes: number | null,
  jobName: string | null,
): PrinterEvent => ({ kind: 'printer', state, progress, remainingMinutes, jobName });

/** The printer event of each report decoded on its own (a fresh merger); null = not a `print` report. */
const EXPECTED: Record<number, PrinterEvent | null> = {
  0: printer('idle', 0, 0, null),
  1: null, // info.get_version
  2: null, // mc_print log line
  3: printer('failed', 0, 759, 'Fidget Collection'), // FAILED although print_error is 0
  4: null,
  5: printer('idle', 0, 0, null),
  6: printer('finished', 100, 0, 'sensor_altanlås_v2_v3'),
  7: printer('finished', 100, 0, 'Garden Hose Healer: Male fitting'),
  8: printer('printing', 22, 163, 'CyberBrick Gridfinity Organizer Box'),
  9: printer('printing', 6, 549, 'T-pose - slim H2D dual AMS riser'),
  10: printer('printing', 64, 62, 'Rear Dry Pod AMS 2 PRO'), // trailing space in subtask_name trimmed
  11: printer('idle', 0, 0, null),
  12: printer('unknown', null, null, null), // H2D delta: only "stat"
  13: printer('unknown', null, null, null),
  14: printer('unknown', null, null, null),
  15: null,
  16: printer('unknown', null, null, null), // P1S delta: bed temperature only
  17: null, // early P1P pause: a log line only
};

describe(`Bambu reports (${FILE})`, () => {
  it('has an expectation for every recorded message', () => {
    expect(fixtures.map((f) => f.index)).toEqual(Object.keys(EXPECTED).map(Number));
  });

  it.each(fixtures.map((f) => [f.index, f.topic, f] as const))('#%i %s', (index, topic, fixture) => {
    // The fixtures anonymise the printer's serial as `<serial>`; a real one is letters and digits.
    expect(matchBambuReportTopic(topic.replace('<serial>', '01P00A123456789'))).not.toBeNull();
    const merger = new BambuStateMerger();
    const result = merger.apply(Buffer.from(fixture.payload));
    expect(result).toEqual({ ok: true, event: EXPECTED[index], changed: EXPECTED[index] !== null });
    const report = parseBambuReport(fixture.payload);
    expect(report.ok).toBe(true);
  });

  it('merges P1 deltas into the cached full state', () => {
    const merger = new BambuStateMerger();
    merger.apply(fixtures[3]!.payload); // P1P full report: FAILED
    const before = merger.current;
    expect(merger.apply(fixtures[16]!.payload)).toEqual({
      ok: true,
      event: printer('failed', 0, 759, 'Fidget Collection'),
      changed: false,
    });
    expect(merger.current.bed_temper).toBe(11.96875);
    expect(merger.current.wifi_signal).toBe('-67dBm');
    expect(merger.current.subtask_name).toBe('Fidget Collection');
    expect(before.bed_temper).not.toBe(11.96875); // snapshots are not mutated
    // A pause that only shows up as a log line leaves the state alone.
    expect(merger.apply(fixtures[17]!.payload)).toEqual({
      ok: true,
      event: printer('failed', 0, 759, 'Fidget Collection'),
      changed: false,
    });
  });

  it('follows a running print through deltas (progress, pause, finish)', () => {
    const merger = new BambuStateMerger();
    expect(merger.decode(fixtures[8]!.payload)).toEqual({
      ok: true,
      events: [printer('printing', 22, 163, 'CyberBrick Gridfinity Organizer Box')],
    });
    const delta = (print: object) =>
      JSON.stringify({ print: { ...print, command: 'push_status', msg: 1, sequence_id: '3181' } });
    expect(merger.decode(delta({ mc_percent: 23, mc_remaining_time: 160 }))).toEqual({
      ok: true,
      events: [printer('printing', 23, 160, 'CyberBrick Gridfinity Organizer Box')],
    });
    expect(merger.decode(delta({ nozzle_temper: 219.5 }))).toEqual({ ok: true, events: [] });
    expect(merger.decode(delta({ gcode_state: 'PAUSE' }))).toEqual({
      ok: true,
      events: [printer('paused', 23, 160, 'CyberBrick Gridfinity Organizer Box')],
    });
    expect(merger.decode(delta({ gcode_state: 'FINISH', mc_percent: 100, mc_remaining_time: 0 }))).toEqual({
      ok: true,
      events: [printer('finished', 100, 0, 'CyberBrick Gridfinity Organizer Box')],
    });
  });

  it('merges nested objects and replaces arrays (H2D door bits, AMS lists)', () => {
    const merger = new BambuStateMerger();
    merger.apply(fixtures[9]!.payload);
    merger.apply(fixtures[12]!.payload);
    expect(merger.current.stat).toBe('46A58008');
    merger.apply(fixtures[13]!.payload);
    expect(merger.current.stat).toBe('46258008');
    merger.apply('{"print":{"3D":{"layer_num":2},"hms":[{"attr":1,"code":2}]}}');
    expect(merger.current['3D']).toEqual({ layer_num: 2, total_layer_num: 200 });
    expect(merger.current.hms).toEqual([{ attr: 1, code: 2 }]);
  });

  it('keeps a "__proto__" key as data', () => {
    const merger = new BambuStateMerger();
    merger.apply('{"print":{"__proto__":{"gcode_state":"RUNNING"},"x":{"__proto__":{"polluted":true}}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merger.current)).toBe(Object.prototype);
    expect(printerEventOf(merger.current as Record<string, unknown>).state).toBe('unknown');
  });

  it('reports malformed reports', () => {
    const merger = new BambuStateMerger();
    expect(merger.decode('{"print":')).toEqual({ ok: false, error: 'payload is not JSON' });
    expect(merger.decode('{"print":[1]}')).toEqual({ ok: false, error: 'print is not an object' });
    expect(merger.decode('{"print":{"gcode_state":"WARP_DRIVE"}}')).toEqual({
      ok: true,
      events: [printer('unknown', null, null, null)],
    });
  });

  it('never throws on random or mutated reports', () => {
    const merger = new BambuStateMerger();
    fc.assert(
      fc.property(payloadArbitrary(fixtures.map((f) => f.payload)), (payload) => {
        assertWellFormed(merger.decode(payload));
      }),
      { numRuns: 300 },
    );
  });

  it('builds requests', () => {
    expect(JSON.parse(encodeBambuPushAll())).toEqual({
      pushing: { sequence_id: '0', command: 'pushall', version: 1, push_target: 1 },
    });
    expect(JSON.parse(encodeBambuPrintCommand('pause'))).toEqual({
      print: { sequence_id: '0', command: 'pause', param: '' },
    });
    expect(matchBambuReportTopic('device/01P00A000000000/report')).toBe('01P00A000000000');
    expect(matchBambuReportTopic('device/a/b/report')).toBeNull();
  });
});
