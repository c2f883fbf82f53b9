/**
 * The synthesized app, file by file, as it will be committed under dist/, for the example configs in
 * test/fixtures/clusters/ (never the configs in clusters/: those are the person's, and `npm run check`
 * checks their dist/). A change here is a change to what Flux applies: review the snapshot diff line by line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { synthesizeConfig } from './test/support/synth';

function expectFilesToMatchSnapshot(dist: ReadonlyMap<string, string>): void {
  for (const [path, content] of [...dist].sort(([a], [b]) => a.localeCompare(b))) {
    expect(content).toMatchSnapshot(path);
  }
}

const fixture = (name: string) => readFileSync(resolve(__dirname, 'test/fixtures/clusters', `${name}.yaml`), 'utf8');

// studio: the defaults, as the project ships clusters/studio.yaml. The others: every option (existing
// Prometheus/Grafana, PodMonitors, Tempo, HA, ...), on every release line (newest: edge-26.8.3 with
// Jaeger v2 on Badger; strict: deny with a person's rules).
test.each(['studio', 'everything', 'everything-stable', 'newest', 'strict'])(
  'example config %s matches the snapshot',
  (name) => {
    expectFilesToMatchSnapshot(synthesizeConfig(fixture(name), name).dist);
  },
);

test('synthesis is deterministic', () => {
  const first = synthesizeConfig(fixture('everything'), 'everything').dist;
  const second = synthesizeConfig(fixture('everything'), 'everything').dist;
  expect([...second]).toEqual([...first]);
});
