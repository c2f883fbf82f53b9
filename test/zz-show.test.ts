import { readFileSync } from 'node:fs';
import { synthesizeConfig } from './support/synth';
test('show', () => {
  for (const name of ['tracing-eck', 'tracing-elasticsearch', 'tracing-opensearch']) {
    const out = synthesizeConfig(readFileSync(`/work/wt-storage/test/fixtures/clusters/${name}.yaml`, 'utf8'), name);
    for (const [file, text] of out.dist) if (/mesh\/jaeger|tracing-store\/|policy\/search|policy\/linkerd-jaeger|flux\/kustom.*tracing|^[a-z-]+\/[a-z-]+\.yaml$/.test(file) && !/kustomization/.test(file) && !/(identity|prerequisites|mesh\/linkerd)/.test(file)) console.log(`=== ${file}\n${text}`);
  }
});
