import { defineConfig } from 'drizzle-kit';

// The PostgreSQL engine's migrations, generated from its own schema; appended only, like SQLite's.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/postgres/schema.ts',
  out: './migrations/postgres',
});
