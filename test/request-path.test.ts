/**
 * A public report and an import reach the database through few files: the route, the service, its
 * repository and the ports of the modules it composes with. Measured from the import graph by
 * `scripts/arch/request-path.ts` (the figure `docs/architecture.md` quotes).
 */
import { describe, expect, it } from 'vitest';
import { DATABASE, filesCrossed, importGraph, REQUEST_PATHS } from '../scripts/arch/request-path.ts';

describe('the files a request crosses to the database', () => {
  const graph = importGraph();

  for (const path of REQUEST_PATHS)
    it(`${path.name}: at most ${path.limit} files`, () => {
      const files = filesCrossed(graph, path.entry);
      expect(files).toContain(path.entry);
      expect(files).toContain(DATABASE);
      expect(files.length).toBeLessThanOrEqual(path.limit);
    });

  it('a public report goes through the library and the audit log by their ports only', () => {
    const files = filesCrossed(graph, 'src/adapters/http/routes/reports.routes.ts');
    expect(files).toContain('src/modules/library/library.port.ts');
    expect(files).toContain('src/modules/audit/audit.port.ts');
    expect(files.filter((f) => f.endsWith('.service.ts'))).toEqual([
      'src/modules/reports/reports.service.ts',
    ]);
  });

  it('counts the files between entry and database, not the helpers beside the path', () => {
    const planted = new Map<string, string[]>([
      ['src/r.ts', ['src/s.ts', 'src/helper.ts']],
      ['src/s.ts', ['src/repo.ts', 'src/other.service.ts']],
      ['src/other.service.ts', ['src/other.repository.ts']],
      ['src/other.repository.ts', [DATABASE]],
      ['src/repo.ts', [DATABASE, 'src/helper.ts']],
      ['src/helper.ts', []],
      [DATABASE, ['src/adapters/db/schema.ts']],
    ]);
    expect(filesCrossed(planted, 'src/r.ts')).toEqual([
      DATABASE,
      'src/other.repository.ts',
      'src/other.service.ts',
      'src/r.ts',
      'src/repo.ts',
      'src/s.ts',
    ]);
    expect(filesCrossed(planted, 'src/helper.ts')).toEqual([]);
  });
});
