import { join } from 'node:path';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { storeContract } from './store-contract.js';

storeContract({
  name: 'SQLite (a file, WAL)',
  async open() {
    const store = createSqliteStore(openDb({ path: join(tempDir('dojo-contract-'), 'contract.sqlite') }));
    return { store, close: () => store.close() };
  },
});

storeContract({
  name: 'SQLite (in memory)',
  async open() {
    const store = createSqliteStore(openDb({ path: ':memory:' }));
    return { store, close: () => store.close() };
  },
});
