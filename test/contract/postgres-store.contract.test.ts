import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { storeContract } from './store-contract.js';

const server = usePostgresServer();

storeContract({
  name: 'PostgreSQL (embedded server, a database per store)',
  async open() {
    const store = createPostgresStore(await openPostgres(await server.createDatabase()));
    return { store, close: () => store.close() };
  },
});
