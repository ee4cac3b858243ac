/**
 * French names of each kind of directory entry: the label written in exports and vCards, and
 * the words people use for it in spreadsheets, read back on import.
 * The labels repeat those of the app's message catalogue (src/app/i18n/fr.ts, `kind.*`): the
 * domain may not import app code, and files exchanged with partners stay in French anyway.
 */
import { directoryKinds, type DirectoryKind } from '../entities/directory-entry';
import { normalizeText } from '../text';

export const kindLabels: Readonly<Record<DirectoryKind, string>> = {
  eaje: 'Crèche (EAJE)',
  micro_creche: 'Micro-crèche',
  creche_familiale: 'Crèche familiale',
  mam: 'Maison d’assistants maternels (MAM)',
  assistant_maternel: 'Assistant(e) maternel(le)',
  garde_domicile: 'Garde à domicile',
  rpe: 'Relais Petite Enfance',
  laep: 'Lieu d’accueil enfants-parents (LAEP)',
  pmi: 'PMI',
  france_services: 'France Services',
  accueil_loisirs: 'Accueil de loisirs',
  ludotheque: 'Ludothèque',
};

/** Other names found in partners' files (CAF, departments, communes), old names included. */
const synonyms: Readonly<Record<DirectoryKind, readonly string[]>> = {
  eaje: ['EAJE', 'Crèche', 'Crèche collective', 'Multi-accueil', 'Halte-garderie', 'Établissement d’accueil du jeune enfant'],
  micro_creche: ['Microcrèche'],
  creche_familiale: ['Service d’accueil familial'],
  mam: ['MAM', 'Maison d’assistantes maternelles', 'Maison d’assistants maternels'],
  assistant_maternel: ['Assistant maternel', 'Assistante maternelle', 'Assistants maternels', 'Assistantes maternelles', 'Assmat', 'Ass mat'],
  garde_domicile: ['Garde d’enfants à domicile', 'Garde domicile'],
  rpe: ['RPE', 'Relais', 'RAM', 'Relais assistants maternels', 'Relais d’assistants maternels'],
  laep: ['LAEP', 'Lieu d’accueil enfants-parents', 'Lieu d’accueil enfants parents'],
  pmi: ['Protection maternelle et infantile', 'Centre de PMI'],
  france_services: ['France Service', 'Maison France Services', 'Espace France Services', 'MSAP'],
  accueil_loisirs: ['ALSH', 'Accueil de loisirs sans hébergement', 'Centre de loisirs', 'Accueil loisirs'],
  ludotheque: [],
};

/** Accent-, case- and punctuation-insensitive key: "Crèche (EAJE)" → "creche eaje". */
export function labelKey(value: string): string {
  return normalizeText(value)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const kindByKey: ReadonlyMap<string, DirectoryKind> = new Map(
  directoryKinds.flatMap((kind) => [kind, kindLabels[kind], ...synonyms[kind]].map((name) => [labelKey(name), kind] as const)),
);

const recent = new Map<string, DirectoryKind | undefined>();

/** The kind a label, synonym or code designates ("Assistante maternelle", "eaje"), if any. */
export function parseKind(value: string): DirectoryKind | undefined {
  let kind = recent.get(value);
  if (kind === undefined && !recent.has(value)) {
    kind = kindByKey.get(labelKey(value));
    // A file repeats a handful of labels over thousands of lines.
    if (recent.size > 500) recent.clear();
    recent.set(value, kind);
  }
  return kind;
}

