import { defineConfig } from 'drizzle-kit';

// The migrations were squashed into 0000_init (generated) and 0001_without_rowid (--custom) before
// v0.2.0; from v0.2.0 on they are only ever appended. How and why: src/storage/README.md.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/schema/index.ts',
  out: './migrations/sqlite',
});
