import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { PER_PAGE, TESTMO_CONCURRENCY } from './client.js';
import type { CaseInfo } from './results.js';
import { casePageSchema } from './schemas.js';

/** Case names and folders, as compact as maps of ids allow. */
export class CaseDirectory implements CaseInfo {
  private readonly names = new Map<number, string>();
  private readonly folderOf = new Map<number, number>();
  private readonly folders = new Map<number, string>();

  add(id: number, name: string, folderId: number | null | undefined): void {
    this.names.set(id, name);
    if (folderId) this.folderOf.set(id, folderId);
  }

  addFolder(id: number, name: string): void {
    this.folders.set(id, name);
  }

  name(id: number): string | undefined {
    return this.names.get(id);
  }

  suite(id: number): string | undefined {
    const folder = this.folderOf.get(id);
    return folder === undefined ? undefined : this.folders.get(folder);
  }
}

/**
 * Reads the project's cases (Testmo has no filter by id) until every name asked for is known.
 * `stillMissing` answers whether names are still wanted; it may answer "unknown yet" (undefined)
 * while the results that name the cases are still arriving.
 */
export async function readCaseNames(http: ProviderHttp, projectId: number, stillMissing: (cases: CaseDirectory) => boolean | undefined) {
  const cases = new CaseDirectory();
  const path = `/api/v1/projects/${projectId}/cases`;
  const readPage = async (page: number) => {
    const answer = await http.json({ path, query: { page, per_page: PER_PAGE, expands: 'folders' } }, casePageSchema);
    for (const folder of answer.expands?.folders ?? []) cases.addFolder(folder.id, folder.name);
    for (const c of answer.result) cases.add(c.id, c.name, c.folder_id);
    return answer.last_page ?? 1;
  };
  const lastPage = await readPage(1);
  new PageGuard('Testmo', path).checkCount(lastPage);
  await readPages(2, lastPage, TESTMO_CONCURRENCY, readPage, () => stillMissing(cases) === false);
  return cases;
}
