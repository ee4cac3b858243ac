/**
 * Who may read and write a parenting-support note: the professional who wrote it and the
 * family's referent, nobody else (not even a coordinator). The server applies it on pull and push.
 */
export function maySeeSupportNote(note: { readonly [k: string]: unknown }, family: { readonly [k: string]: unknown } | undefined, userId: string): boolean {
  return note.authorId === userId || (family !== undefined && family.referentId === userId);
}
