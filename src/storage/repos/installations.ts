import { and, eq } from 'drizzle-orm';
import type { InstallationRepo } from '../../core/store.js';
import type { Db } from '../db.js';
import { installationRow, toInstallation } from '../rows.js';
import type { Sync } from '../sync-repos.js';
import { installations } from '../schema/index.js';

export function installationRepo(db: Db): Sync<InstallationRepo> {
  const key = (platform: string, workspace: string) => and(eq(installations.platform, platform), eq(installations.workspaceRef, workspace));
  return {
    save(installation) {
      const row = installationRow(installation);
      const { platform: _p, workspaceRef: _w, ...rest } = row;
      db.insert(installations)
        .values(row)
        .onConflictDoUpdate({ target: [installations.platform, installations.workspaceRef], set: rest })
        .run();
    },
    find(platform, workspace) {
      const r = db.select().from(installations).where(key(platform, workspace)).get();
      return r ? toInstallation(r) : undefined;
    },
    remove(platform, workspace) {
      return db.delete(installations).where(key(platform, workspace)).run().changes > 0;
    },
  };
}
