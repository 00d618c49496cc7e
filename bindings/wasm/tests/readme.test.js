// Runs the README's JavaScript quickstart (its first ```js block) against the installed package.
import { test, assert, readmeQuickstart, runModule } from './harness.js';

test('README quickstart runs', async () => {
  const src = await readmeQuickstart();
  assert.ok(src, 'README quickstart not found');
  assert.match(src, /from 'megacrypt'/);
  await runModule(src);
});
