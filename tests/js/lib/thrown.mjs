// What `fn` threw, for the assertions that follow; a test fails if it threw nothing.
import assert from 'node:assert/strict';

export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an exception');
}
