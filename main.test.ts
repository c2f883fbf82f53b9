/**
 * The synthesized app, file by file, as it will be committed under dist/. A change here is a change
 * to what Flux applies: review the snapshot diff line by line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { synthesizeConfig, synthesizeProject } from './test/support/synth';

function expectFilesToMatchSnapshot(dist: ReadonlyMap<string, string>): void {
  for (const [path, content] of [...dist].sort(([a], [b]) => a.localeCompare(b))) {
    expect(content).toMatchSnapshot(path);
  }
}

test('dist/ of the project clusters matches the snapshot', () => {
  expectFilesToMatchSnapshot(synthesizeProject().dist);
});

// Second example configs: every option (existing Prometheus/Grafana, PodMonitors, Tempo, HA, ...),
// on every release line (newest: edge-26.8.3 with Jaeger v2 on Badger; strict: deny with a person's rules).
test.each(['everything', 'everything-stable', 'newest', 'strict'])('example config %s matches the snapshot', (name) => {
  const text = readFileSync(resolve(__dirname, 'test/fixtures/clusters', `${name}.yaml`), 'utf8');
  expectFilesToMatchSnapshot(synthesizeConfig(text, name).dist);
});

test('synthesis is deterministic', () => {
  const first = synthesizeProject().dist;
  const second = synthesizeProject().dist;
  expect([...second]).toEqual([...first]);
});
