/**
 * Links into the family files, light enough for any screen to import (the files screen itself
 * is loaded on demand): `#/familles/<id>` opens a file.
 */

export function familyHref(familyId: string): string {
  return `#/familles/${encodeURIComponent(familyId)}`;
}

/** Opens a family file from code (after "Créer le dossier" on a request, for instance). */
export function openFamilyFile(familyId: string): void {
  window.location.hash = familyHref(familyId).slice(1);
}
