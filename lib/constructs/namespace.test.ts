import { Chart, Testing } from 'cdk8s';
import { Namespace, PRUNE_DISABLED } from './namespace';

test('defaults: a v1 Namespace with its name only, which Flux may prune', () => {
  const chart = Testing.chart();
  new Namespace(chart, 'Namespace', { name: 'media' });
  expect(Testing.synth(chart)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'media' } }]);
});

test('labels and annotations, keys sorted as cdk8s sorts them', () => {
  const chart = Testing.chart();
  new Namespace(chart, 'Namespace', {
    name: 'media',
    labels: { 'z.example/b': '1', 'a.example/a': '2' },
    annotations: { 'linkerd.io/inject': 'enabled' },
  });
  const [namespace] = Testing.synth(chart);
  expect(namespace.metadata).toEqual({
    name: 'media',
    labels: { 'a.example/a': '2', 'z.example/b': '1' },
    annotations: { 'linkerd.io/inject': 'enabled' },
  });
  expect(Object.keys(namespace.metadata.labels)).toEqual(['a.example/a', 'z.example/b']);
});

test('prunable: false adds the annotation that keeps Flux from deleting it, beside the others', () => {
  const chart = Testing.chart();
  new Namespace(chart, 'Namespace', { name: 'linkerd', annotations: { a: 'b' }, prunable: false });
  const [namespace] = Testing.synth(chart);
  expect(namespace.metadata.annotations).toEqual({ a: 'b', ...PRUNE_DISABLED });
});

test('a chart label reaches the Namespace, as on any cdk8s object', () => {
  const chart = new Chart(Testing.app(), 'Chart', { labels: { 'app.kubernetes.io/part-of': 'linkerd' } });
  new Namespace(chart, 'Namespace', { name: 'media' });
  expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'linkerd' });
});
