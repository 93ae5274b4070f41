// The webhook bodies of the benchmark: every fixture the repository holds for inbound webhooks
// (tests/fixtures/chatt2me/*.json, its superseded/ variants, and tests/fixtures/chatt2me-site/
// webhooks/*.json), compact-stringified as the Hub sends them.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

function jsonFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** [{ name, text }] in a fixed order. */
export function webhookFixtures() {
  const files = [
    ...jsonFiles(join(FIXTURES, 'chatt2me')),
    ...jsonFiles(join(FIXTURES, 'chatt2me', 'superseded')),
    ...jsonFiles(join(FIXTURES, 'chatt2me-site', 'webhooks')),
  ];
  if (files.length === 0) throw new Error(`no webhook fixtures under ${FIXTURES}`);
  return files.map((file) => ({
    name: relative(FIXTURES, file),
    text: JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))),
  }));
}
