import request from 'supertest';
import { DataSource } from 'typeorm';
import { EmbeddedBroker } from '../apps/server/src/mqtt/embedded-broker';
import { MqttBus } from '../apps/server/src/mqtt/mqtt-bus';
import { startTestApp, TestApp } from './support/test-app';

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('/api/health: what a monitor or a load balancer needs to know', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports a lost broker connection as degraded, but stays 200', async () => {
    expect((await request(t.url).get('/api/health').expect(200)).body).toMatchObject({
      status: 'ok',
      database: true,
      mqtt: true,
    });
    // The server's own MQTT connection drops (here: the embedded broker stops; in production Mosquitto).
    await t.app.get(EmbeddedBroker).close();
    await eventually(async () => {
      const res = await request(t.url).get('/api/health');
      return res.status === 200 && res.body.status === 'degraded' && res.body.mqtt === false;
    });
    expect(t.app.get(MqttBus).connected).toBe(false);
  });

  it('answers 503 when the database is gone, so the instance is taken out', async () => {
    await t.app.get(DataSource).destroy();
    const res = await request(t.url).get('/api/health').expect(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: false });
  });
});
