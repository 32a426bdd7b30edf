import { and, eq } from 'drizzle-orm';
import type { InstallationRepo } from '../../../core/store.js';
import { installationRow, toInstallation } from '../../rows.js';
import type { PgDb } from '../db.js';
import { installations } from '../schema.js';

export function installationRepo(db: PgDb): InstallationRepo {
  const key = (platform: string, workspace: string) => and(eq(installations.platform, platform), eq(installations.workspaceRef, workspace));
  return {
    async save(installation) {
      const row = installationRow(installation);
      const { platform: _p, workspaceRef: _w, ...rest } = row;
      await db
        .insert(installations)
        .values(row)
        .onConflictDoUpdate({ target: [installations.platform, installations.workspaceRef], set: rest });
    },
    async find(platform, workspace) {
      const [r] = await db.select().from(installations).where(key(platform, workspace));
      return r && toInstallation(r);
    },
    async remove(platform, workspace) {
      const gone = await db.delete(installations).where(key(platform, workspace)).returning({ p: installations.platform });
      return gone.length > 0;
    },
  };
}
