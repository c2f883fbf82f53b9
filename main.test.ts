/**
 * The synthesized app, file by file, as it will be committed under dist/. A change here is a change
 * to what Flux applies: review the snapshot diff line by line.
 */
import { synthesizeProject } from './test/support/synth';

test('dist/ of the project clusters matches the snapshot', () => {
  const { dist } = synthesizeProject();
  for (const [path, content] of [...dist].sort(([a], [b]) => a.localeCompare(b))) {
    expect(content).toMatchSnapshot(path);
  }
});

test('synthesis is deterministic', () => {
  const first = synthesizeProject().dist;
  const second = synthesizeProject().dist;
  expect([...second]).toEqual([...first]);
});
