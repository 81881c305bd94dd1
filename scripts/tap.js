#!/usr/bin/env node
// Tap a card at a simulated reader: `npm run tap -- <uid> [reader]`.
// Plain Node (no build): reads the devices file the server writes in demo mode, connects as its driver account
// (or the simulator's control user, for a hand-written file) and publishes {"address","uid"} on <control.topic>/tap. The running simulator makes the reader
// publish the read in its own protocol (Tasmota SENSOR, own-protocol evt/card…); this script then prints what
// the reader was told (feedback) and which relays switched.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

// The server writes the file to $DATA_DIR/demo-devices.json (DATA_DIR defaults to ./data).
const DEFAULT_FILE = path.join(process.env.DATA_DIR || 'data', 'demo-devices.json');
const READER_PROTOCOLS = new Set(['tasmota_reader', 'esphome_reader']);

const USAGE = `Usage: npm run tap -- <uid> [reader] [options]
       npm run tap -- --print on|off [printer]

  <uid>              card UID in hex, e.g. 008EC793 or 04:A1:B2:C3:D4:E5:F6
  [reader]           reader address, deviceId or (part of the) name; default: the first reader
  --devices <file>   devices file (default $DATA_DIR/demo-devices.json = ${DEFAULT_FILE}, env SIM_DEVICES_FILE)
  --broker <url>     override the file's brokerUrl (env SIM_BROKER_URL)
  --wait <s>         seconds to wait for the simulator and the server's answer (default 3)
  --list             list the simulated readers and exit
  --print on|off     start or finish a simulated print job on a printer (default: the first printer); its
                     relay must be on: tap a card first
  -h, --help         this text

Exit codes: 0 tapped, 1 usage or devices file problem, 2 broker unreachable or refused, 3 simulator not
running or the tap failed.`;

class Failure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function parseArgs(argv) {
  const args = {
    positional: [],
    devices: null,
    broker: null,
    waitS: 3,
    list: false,
    help: false,
    print: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const eq = arg.indexOf('=');
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Failure(1, `${arg} needs a value`);
      return next;
    };
    if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--list') args.list = true;
    else if (arg.startsWith('--print')) {
      args.print = value();
      if (args.print !== 'on' && args.print !== 'off') throw new Failure(1, '--print takes on or off');
    } else if (arg.startsWith('--devices')) args.devices = value();
    else if (arg.startsWith('--broker')) args.broker = value();
    else if (arg.startsWith('--wait')) {
      args.waitS = Number(value());
      if (!Number.isFinite(args.waitS) || args.waitS <= 0)
        throw new Failure(1, '--wait must be a number of seconds');
    } else if (arg.startsWith('-')) throw new Failure(1, `unknown option ${arg}`);
    else args.positional.push(arg);
  }
  return args;
}

/** Same rule as the server: uppercase hex without separators, 4, 5, 7 or 10 bytes. */
function canonicalUid(raw) {
  const hex = String(raw).trim().replace(/[-: ]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex)) throw new Failure(1, `"${raw}" is not a hex card UID (e.g. 008EC793)`);
  if (![8, 10, 14, 20].includes(hex.length)) {
    throw new Failure(1, `"${raw}" has ${hex.length / 2} bytes; card UIDs have 4, 5, 7 or 10`);
  }
  return hex;
}

function loadDevicesFile(explicit) {
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [path.resolve(DEFAULT_FILE), path.resolve(__dirname, '..', DEFAULT_FILE)];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) {
    throw new Failure(
      1,
      `devices file ${candidates[0]} not found.\n` +
        'Start the server in demo mode (it registers the demo devices and writes this file), or pass --devices <file>.',
    );
  }
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Failure(1, `devices file ${file} is not valid JSON: ${error.message}`);
  }
  if (!json || typeof json !== 'object' || typeof json.brokerUrl !== 'string') {
    throw new Failure(1, `devices file ${file} has no brokerUrl`);
  }
  if (!json.control || typeof json.control.topic !== 'string' || json.control.topic === '') {
    throw new Failure(
      1,
      `devices file ${file} has no control user (control.topic): the simulator cannot be driven`,
    );
  }
  return { file, config: json, devices: Array.isArray(json.devices) ? json.devices : [] };
}

function isReader(d) {
  if (READER_PROTOCOLS.has(d.protocol)) return true;
  if (d.protocol !== 'werkbank') return false;
  return (d.role !== 'actuator' && d.role !== 'printer') || (d.options && d.options.reader !== undefined);
}

function describe(d) {
  return `${d.address} ("${d.name}", ${d.protocol})`;
}

function pickReader(devices, wanted) {
  const readers = devices.filter((d) => d && typeof d.address === 'string' && isReader(d));
  if (readers.length === 0) throw new Failure(1, 'the devices file lists no reader');
  if (wanted === undefined) return readers[0];
  const exact = readers.find((d) => d.address === wanted || d.deviceId === wanted || d.name === wanted);
  if (exact) return exact;
  const needle = wanted.toLowerCase();
  const partial = readers.filter(
    (d) =>
      d.address.toLowerCase().includes(needle) ||
      String(d.name || '')
        .toLowerCase()
        .includes(needle),
  );
  if (partial.length === 1) return partial[0];
  const list = readers.map((d) => `  ${describe(d)}`).join('\n');
  throw new Failure(
    1,
    partial.length === 0
      ? `no reader matches "${wanted}". Readers:\n${list}`
      : `"${wanted}" matches several readers, be more specific:\n${partial.map((d) => `  ${describe(d)}`).join('\n')}`,
  );
}

function connectionProblem(url, error) {
  const code = error && (error.code || error.errno);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') {
    return `cannot reach the MQTT broker at ${url} (${code}). Is the server running (in demo mode)?`;
  }
  if (error && typeof error.code === 'number') {
    return `the broker at ${url} refused the control user: ${error.message}. Is the devices file current?`;
  }
  return `MQTT connection to ${url} failed: ${error ? error.message : 'unknown error'}`;
}

function connect(mqtt, url, control, timeoutMs) {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clientId: `werkbank-tap-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
      username: control.username || undefined,
      password: control.password || undefined,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: timeoutMs,
    });
    const timer = setTimeout(() => {
      client.end(true);
      reject(new Failure(2, `no answer from the MQTT broker at ${url} within ${timeoutMs / 1000} s`));
    }, timeoutMs + 500);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.once('error', (error) => {
      clearTimeout(timer);
      client.end(true);
      reject(new Failure(2, connectionProblem(url, error)));
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { file, config, devices } = loadDevicesFile(args.devices || process.env.SIM_DEVICES_FILE || null);
  if (args.list) {
    for (const d of devices.filter(isReader)) console.log(describe(d));
    return 0;
  }
  if (args.print !== null)
    return withClient(args, config, (client, topic, waitMs) =>
      print(client, {
        topic,
        printer: pickPrinter(devices, args.positional[0]),
        on: args.print === 'on',
        waitMs,
      }),
    );
  if (args.positional.length === 0 || args.positional.length > 2) {
    throw new Failure(
      1,
      `${args.positional.length === 0 ? 'missing <uid>' : 'too many arguments'}\n\n${USAGE}`,
    );
  }
  const uid = canonicalUid(args.positional[0]);
  const reader = pickReader(devices, args.positional[1]);
  return withClient(args, config, (client, topic, waitMs) =>
    tap(client, { topic, reader, uid, waitMs, file }),
  );
}

/** Connects as the simulator's control user, runs `work`, disconnects. */
async function withClient(args, config, work) {
  const url = args.broker || process.env.SIM_BROKER_URL || config.brokerUrl;
  const waitMs = args.waitS * 1000;
  let mqtt;
  try {
    mqtt = require('mqtt');
  } catch {
    throw new Failure(1, 'the mqtt package is missing: run npm install');
  }
  // The server writes a driver account beside the simulator's own: on the embedded broker the account is the
  // client id, so logging in as the simulator would knock its control session off.
  const account = config.driver && config.driver.username ? config.driver : config.control;
  const client = await connect(mqtt, url, account, Math.min(waitMs, 5000));
  try {
    return await work(client, config.control.topic, waitMs);
  } finally {
    await client.endAsync();
  }
}

function pickPrinter(devices, wanted) {
  const printers = devices.filter((d) => d.role === 'printer');
  if (printers.length === 0) throw new Failure(1, 'the devices file has no simulated printer');
  if (!wanted) return printers[0];
  const found = printers.find(
    (d) => d.address === wanted || d.deviceId === wanted || String(d.name).includes(wanted),
  );
  if (!found)
    throw new Failure(1, `no simulated printer "${wanted}"; printers: ${printers.map(describe).join(', ')}`);
  return found;
}

/** Starts or finishes a simulated print job; the simulator answers with a print-result event. */
async function print(client, { topic, printer, on, waitMs }) {
  const requestId = crypto.randomUUID();
  const { confirm, next, event } = await controlChannel(client, topic);
  await client.publishAsync(
    `${topic}/print`,
    JSON.stringify({ address: printer.address, printing: on, requestId }),
    { qos: 1 },
  );
  if (!confirm) {
    console.log(`print ${on ? 'on' : 'off'} sent to ${describe(printer)} (no confirmation)`);
    return 0;
  }
  const answer = await next((m) => {
    const e = event(m);
    return e !== null && e.type === 'print-result' && e.requestId === requestId;
  }, waitMs);
  const result = answer === null ? null : event(answer);
  if (result === null)
    throw new Failure(3, `no simulator answered on ${topic}/events within ${waitMs / 1000} s`);
  if (!result.ok)
    throw new Failure(3, `the simulator could not ${on ? 'start' : 'finish'} the print: ${result.error}`);
  console.log(
    on
      ? `print started on ${describe(printer)}: the relay stays on until it is done, even if you tap out`
      : `print finished on ${describe(printer)}: the relay goes off after the cool-down if nobody is signed in`,
  );
  return 0;
}

/**
 * Listens to the simulator's control output (<topic>/status and <topic>/events). `next` waits for a matching
 * message, `rest` takes what is left. confirm is false when the control user may only publish; throws when the
 * simulator says it is not running.
 */
async function controlChannel(client, topic) {
  const inbox = [];
  let notify = () => undefined;
  client.on('message', (t, payload) => {
    inbox.push({ topic: t, payload: payload.toString('utf8') });
    notify();
  });
  const next = (match, ms) =>
    new Promise((resolve) => {
      const check = () => {
        const index = inbox.findIndex(match);
        if (index >= 0) {
          clearTimeout(timer);
          notify = () => undefined;
          resolve(inbox.splice(index, 1)[0]);
        }
      };
      const timer = setTimeout(() => {
        notify = () => undefined;
        resolve(null);
      }, ms);
      notify = check;
      check();
    });
  const parse = (m) => {
    try {
      return JSON.parse(m.payload);
    } catch {
      return {};
    }
  };
  const event = (m) => (m.topic === `${topic}/events` ? parse(m) : null);

  let confirm = true;
  try {
    await client.subscribeAsync([`${topic}/status`, `${topic}/events`], { qos: 0 });
  } catch {
    confirm = false; // the control user may publish only: send without confirmation
  }
  if (confirm) {
    const status = await next((m) => m.topic === `${topic}/status`, 1000);
    if (status && status.payload === 'offline') {
      throw new Failure(
        3,
        `the simulator is not running (${topic}/status is "offline"). Start the server in demo mode or the simulator.`,
      );
    }
  }
  return { confirm, next, event, parse, rest: () => inbox.splice(0) };
}

async function tap(client, { topic, reader, uid, waitMs }) {
  const requestId = crypto.randomUUID();
  const { confirm, next, event, parse, rest } = await controlChannel(client, topic);

  await client.publishAsync(`${topic}/tap`, JSON.stringify({ address: reader.address, uid, requestId }), {
    qos: 1,
  });
  if (!confirm) {
    console.log(
      `tap ${uid} sent to ${describe(reader)} (no confirmation: the control user cannot subscribe ${topic}/#)`,
    );
    return 0;
  }

  const result = await next((m) => {
    const e = event(m);
    return e !== null && e.type === 'tap-result' && e.requestId === requestId;
  }, waitMs);
  if (result === null) {
    throw new Failure(
      3,
      `no simulator answered on ${topic}/events within ${waitMs / 1000} s. Is the simulator running and connected?`,
    );
  }
  const r = parse(result);
  if (!r.ok) throw new Failure(3, `the simulator could not tap: ${r.error}`);
  console.log(`tapped ${r.uid} at ${describe(reader)}`);
  console.log(`  ${r.topic} ${r.payload}`);

  const feedback = await next((m) => {
    const e = event(m);
    return e !== null && e.type === 'feedback' && e.deviceId === reader.deviceId;
  }, waitMs);
  // Relays switch right around the feedback: collect what arrives shortly after.
  await new Promise((resolve) => setTimeout(resolve, feedback === null ? 0 : 600));
  if (feedback === null) {
    console.log(
      `  no feedback from the server within ${waitMs / 1000} s (is the server running, the reader assigned to a machine?)`,
    );
  } else {
    const f = parse(feedback);
    const detail = f.command ? `${f.command} ${f.payload}` : [f.reason, f.text].filter(Boolean).join(', ');
    console.log(`  feedback: ${f.result || 'unknown'}${detail ? ` (${detail})` : ''}`);
  }
  for (const m of rest()) {
    const e = event(m);
    if (e && e.type === 'relay' && e.source === 'command') {
      console.log(`  relay ${e.address} ("${e.name}") switched ${e.on ? 'on' : 'off'}, ${e.watts} W`);
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof Failure) {
      console.error(`tap: ${error.message}`);
      process.exit(error.code);
    }
    console.error(`tap failed: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
