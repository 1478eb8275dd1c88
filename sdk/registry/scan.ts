// Enumerate the version directories of a registry (vYYYY/trained_YYYY-MM-DD).
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { VersionId } from "./layout.ts";

export async function listVersionIds(root: string): Promise<VersionId[]> {
  const out: VersionId[] = [];
  let years: string[];
  try {
    years = await readdir(root);
  } catch {
    return out;
  }
  for (const y of years.filter((n) => /^v\d{4}$/.test(n)).sort()) {
    const entries = await readdir(join(root, y), { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && /^trained_\d{4}-\d{2}-\d{2}$/.test(e.name)) out.push(`${y}/${e.name}`);
  }
  return out.sort();
}
